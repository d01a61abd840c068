"""The *arr paging envelope (P8): ``{page, pageSize, sortKey, sortDirection, totalRecords,
records}``. Homepage and exportarr read only ``totalRecords`` with ``pageSize=1``, so
callers compute the total with one ``COUNT`` and fetch just the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Query

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


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A client's ``page``, ``pageSize``, ``sortKey`` and ``sortDirection``."""

    page: int
    page_size: int
    sort_key: str
    descending: bool

    def envelope(self, total: int, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return envelope(self.page, self.page_size, self.sort_key, self.descending, total, records)


def paging(default_sort: str, default_descending: bool = True) -> Callable[..., PageRequest]:
    """A route dependency reading the paging parameters; a direction other than
    ``ascending``/``descending`` (``default``) takes the list's own default."""

    def read(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = default_sort,
        sortDirection: str = "descending" if default_descending else "ascending",
    ) -> PageRequest:
        direction = sortDirection.lower()
        descending = {"ascending": False, "descending": True}.get(direction, default_descending)
        return PageRequest(page, pageSize, sortKey, descending)

    return read
