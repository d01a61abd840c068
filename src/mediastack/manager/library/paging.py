"""The *arr paging envelope (P8): ``{page, pageSize, sortKey, sortDirection, totalRecords,
records}``. Homepage and exportarr read only ``totalRecords`` with ``pageSize=1``, so
callers compute the total with one ``COUNT`` and fetch just the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_PAGE_SIZE = 1000


def newest_first(sort_direction: str) -> bool:
    """Anything but ``ascending`` sorts newest first, as the originals default."""
    return sort_direction.lower() != "ascending"


def envelope(
    page: int,
    page_size: int,
    sort_key: str,
    descending: bool,
    total: int,
    records: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "page": page,
        "pageSize": page_size,
        "sortKey": sort_key,
        "sortDirection": "descending" if descending else "ascending",
        "totalRecords": total,
        "records": list(records),
    }
