"""Reading every page of a list endpoint (`{items, total, page, pageSize}`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The most the gateway gives in one page (PageQueryDto's maximum).
PAGE_SIZE = 200


def all_pages(fetch: Callable[[int], Any]) -> list[Any]:
    """Calls `fetch(page)` from page 1 until `total` items came (or a page came back empty)."""
    items: list[Any] = []
    page = 1
    while True:
        answer = fetch(page)
        items.extend(answer.items)
        if not answer.items or len(items) >= answer.total:
            return items
        page += 1
