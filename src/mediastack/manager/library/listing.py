"""The full library list (``GET /series``, ...) kept encoded, item by item.

Dashboards poll the whole list, and building it for thousands of items (statistics,
seasons, images, JSON) is about a second of CPU. The list is kept as one encoded part per
item; when the database's library generation moves, only the items changed since (the
store knows them: the database records them as it raises the generation) are read and
encoded again, and the answer is joined from the parts in the library's order. An item's
statistics also change on their own when one of its episodes airs, so each part can carry
the moment it goes stale. When most items changed, everything is read in one pass.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from mediastack.core.collector import collector_paused
from mediastack.core.db import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ListedItem:
    """One item's resource and when time alone changes it (``None``: never)."""

    id: int
    resource: dict[str, Any]
    stale_at: datetime | None = None


class ListingSource(Protocol):
    """What a store tells the cache (``TvLibraryStore``, ...)."""

    def generation(self) -> int:
        """The library generation (raised by the database on every library write)."""
        ...

    def changed_since(self, generation: int) -> set[int]:
        """The items written after ``generation`` (deleted ones included)."""
        ...

    def ordered_ids(self) -> list[int]:
        """Every item, in the list's order."""
        ...


def encode(resource: Any) -> bytes:
    """Compact JSON, as the API answers (non-ASCII kept as UTF-8)."""
    return json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(slots=True)
class _Kept:
    generation: int
    parts: dict[int, bytes]
    stale_at: dict[int, datetime]
    body: bytes

    def next_stale(self) -> datetime | None:
        return min(self.stale_at.values()) if self.stale_at else None


class LibraryListing:
    """The encoded list, refreshed item by item from ``source``; ``items(None)`` reads
    every item, ``items(ids)`` those items (ids no longer in the library are left out)."""

    #: above this share of changed items, one full read beats reading them by id
    FULL_READ_SHARE = 0.5

    def __init__(
        self,
        source: ListingSource,
        items: Callable[[Collection[int] | None], Iterable[ListedItem]],
    ) -> None:
        self.source = source
        self.items = items
        self._lock = threading.Lock()
        self._kept: _Kept | None = None

    def get(self) -> bytes:
        with self._lock:
            generation = self.source.generation()
            now = utcnow()
            kept = self._kept
            if kept is not None and kept.generation == generation:
                due = kept.next_stale()
                if due is None or now < due:
                    return kept.body
            self._kept = kept = self._refresh(kept, generation, now)
            return kept.body

    def _refresh(self, kept: _Kept | None, generation: int, now: datetime) -> _Kept:
        order = self.source.ordered_ids()
        if kept is None:
            return self._full(generation, order)
        dirty = (
            self.source.changed_since(kept.generation) if generation != kept.generation else set()
        )
        dirty.update(i for i, due in kept.stale_at.items() if due <= now)
        dirty.update(i for i in order if i not in kept.parts)
        if len(dirty) > self.FULL_READ_SHARE * len(order):
            return self._full(generation, order)
        parts, stale_at = dict(kept.parts), dict(kept.stale_at)  # kept whole if reading fails
        for gone in dirty:
            parts.pop(gone, None)
            stale_at.pop(gone, None)
        if dirty:
            self._keep(self.items(dirty), parts, stale_at)
        listed = set(order)
        for gone in [i for i in parts if i not in listed]:
            del parts[gone]
            stale_at.pop(gone, None)
        return _Kept(generation, parts, stale_at, self._join(order, parts))

    def _full(self, generation: int, order: list[int]) -> _Kept:
        parts: dict[int, bytes] = {}
        stale_at: dict[int, datetime] = {}
        # the read makes a few hundred thousand short-lived records, none in a cycle
        with collector_paused():
            self._keep(self.items(None), parts, stale_at)
        return _Kept(generation, parts, stale_at, self._join(order, parts))

    @staticmethod
    def _keep(
        items: Iterable[ListedItem], parts: dict[int, bytes], stale_at: dict[int, datetime]
    ) -> None:
        for item in items:
            parts[item.id] = encode(item.resource)
            if item.stale_at is not None:
                stale_at[item.id] = item.stale_at

    @staticmethod
    def _join(order: list[int], parts: dict[int, bytes]) -> bytes:
        """The parts in ``order``; an item added after the read (not in ``parts``) waits
        for the next refresh, which the generation it raised asks for."""
        return b"[" + b",".join(parts[i] for i in order if i in parts) + b"]"


class ListingWarmup:
    """Builds the list once at start-up, off the event loop, so the first dashboard poll
    after a restart does not wait for the whole library to be read (a service component;
    stopping waits for the build, which holds the database)."""

    name = "library listing warm-up"

    def __init__(self, listing: LibraryListing) -> None:
        self.listing = listing
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._build())

    async def _build(self) -> None:
        try:
            await asyncio.to_thread(self.listing.get)
        except Exception:  # the first request builds it instead
            log.exception("building the library list at start-up failed")

    async def stop(self) -> None:
        if self._task is not None:
            await self._task
