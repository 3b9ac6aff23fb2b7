"""scripts/openapi_nullable.py: nullable objects and enums rewritten so that null parses."""

from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "openapi_nullable", Path(__file__).parents[1] / "scripts" / "openapi_nullable.py"
)
assert spec and spec.loader
openapi_nullable = importlib.util.module_from_spec(spec)
spec.loader.exec_module(openapi_nullable)


def test_a_nullable_single_ref_becomes_an_any_of() -> None:
    schema = {
        "nullable": True,
        "type": "object",
        "description": "d",
        "allOf": [{"$ref": "#/components/schemas/P"}],
    }
    assert openapi_nullable.rewrite(schema) == {
        "nullable": True,
        "description": "d",
        "anyOf": [{"$ref": "#/components/schemas/P"}],
    }


def test_a_nullable_enum_lists_null() -> None:
    schema = {"type": "string", "enum": ["a", "b"], "nullable": True}
    assert openapi_nullable.rewrite(schema) == {"type": "string", "enum": ["a", "b", None]}


def test_everything_else_is_left_alone_at_any_depth() -> None:
    document = {
        "components": {
            "schemas": {
                "X": {
                    "properties": {
                        "plain": {"type": "string", "nullable": True},
                        "ref": {"description": "not nullable", "allOf": [{"$ref": "#/components/schemas/P"}]},
                        "inner": {
                            "type": "array",
                            "items": {"type": "string", "enum": ["x"], "nullable": True},
                        },
                    }
                }
            }
        }
    }
    rewritten = openapi_nullable.rewrite(document)
    properties = rewritten["components"]["schemas"]["X"]["properties"]
    assert properties["plain"] == {"type": "string", "nullable": True}
    assert properties["ref"] == document["components"]["schemas"]["X"]["properties"]["ref"]
    assert properties["inner"]["items"] == {"type": "string", "enum": ["x", None]}
