"""Reading the generated DTOs as plain values: enum members as their strings, models as JSON."""

from __future__ import annotations

from enum import Enum
from typing import Any

from .api.types import Unset


def text(value: Any) -> Any:
    """An enum member's value; anything else as it is (a nullable enum holds a str it does not know)."""
    return value.value if isinstance(value, Enum) else value


def to_json(value: Any) -> Any:
    """A DTO, a list or dict of them, or a plain value, as JSON-ready data (camelCase, as the API)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items() if not isinstance(item, Unset)}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return text(value)
