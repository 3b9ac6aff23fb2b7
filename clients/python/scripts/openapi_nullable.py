"""Rewrites the gateway's nullable schemas into forms openapi-python-client reads as nullable.

@nestjs/swagger writes a nullable object as `{nullable: true, type: object, allOf: [{$ref}]}` and a
nullable enum as `{type: string, enum: [...], nullable: true}`. OpenAPI 3.0.3 says `nullable` adds
null only to what `type` allows, while the `$ref` or the enum still refuse it, and the generator
follows that strictly: every `progress`, `owner`, `metrics` or `reason` of null would fail to parse.
Here they become `{nullable: true, anyOf: [{$ref}]}` and `{type: string, enum: [..., null]}`, which
mean what the gateway sends. The gateway's document itself is left as it is (the web reads it too).

Usage: python3 openapi_nullable.py IN.json OUT.json
"""

from __future__ import annotations

import json
import sys
from typing import Any


def rewrite(node: Any) -> Any:
    """A copy of `node` with every nullable single-ref allOf and nullable enum rewritten."""
    if isinstance(node, list):
        return [rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {key: rewrite(value) for key, value in node.items()}
    if schema.get("nullable") is True:
        if isinstance(schema.get("enum"), list):
            del schema["nullable"]
            if None not in schema["enum"]:
                schema["enum"] = [*schema["enum"], None]
        elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            schema["anyOf"] = schema.pop("allOf")
            schema.pop("type", None)
    return schema


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as source:
        document = json.load(source)
    with open(argv[2], "w", encoding="utf-8") as target:
        json.dump(rewrite(document), target, indent=2, ensure_ascii=False)
        target.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
