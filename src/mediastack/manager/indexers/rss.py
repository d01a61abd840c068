"""RSS sync: fetch what is new on an indexer since the last sync, and nothing twice.

A cursor per indexer remembers the newest publish date seen and the guids seen at the top
of the feed. A sync pages back from the newest results until it meets something the cursor
already covers (older than the cursor's date, or a known guid), bounded by ``max_pages``;
if the bound is hit first there may be a gap (the indexer got more releases than we read),
which is reported so the caller can warn, as the originals' "RSS sync gap" health check
does. The first sync has no cursor: it reads one page and returns all of it.

The cursor is saved only after the whole sync succeeded, so a failure in the middle means
the next sync reads the same window again rather than skipping it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.newznab.client import NewznabClient
from mediastack.manager.indexers.search import MediaKind, rss_request
from mediastack.manager.indexers.status import IndexerKey

__all__ = [
    "DEFAULT_RSS_MAX_PAGES",
    "InMemoryRssCursorStore",
    "RssCursor",
    "RssCursorStore",
    "RssSyncResult",
    "sync_rss",
]

DEFAULT_RSS_MAX_PAGES = 5
_MAX_REMEMBERED_GUIDS = 1000


@dataclass(frozen=True, slots=True)
class RssCursor:
    newest_publish_date: datetime
    seen_guids: frozenset[str]

    def covers(self, release: ReleaseInfo) -> bool:
        return release.guid in self.seen_guids or release.publish_date < self.newest_publish_date


class RssCursorStore(Protocol):
    def get(self, key: IndexerKey) -> RssCursor | None: ...

    def put(self, key: IndexerKey, cursor: RssCursor) -> None: ...


class InMemoryRssCursorStore:
    def __init__(self) -> None:
        self._cursors: dict[IndexerKey, RssCursor] = {}

    def get(self, key: IndexerKey) -> RssCursor | None:
        return self._cursors.get(key)

    def put(self, key: IndexerKey, cursor: RssCursor) -> None:
        self._cursors[key] = cursor


@dataclass(frozen=True, slots=True)
class RssSyncResult:
    releases: tuple[ReleaseInfo, ...]  # new since the previous sync, newest first as sent
    pages: int
    reached_cursor: bool  # False on a first sync, or when max_pages ran out (a gap)
    first_sync: bool
    exhausted: bool  # the indexer had no further page
    cursor: RssCursor | None

    @property
    def gap(self) -> bool:
        """True when releases between this sync and the last one may have been missed."""
        return not (self.first_sync or self.reached_cursor or self.exhausted)


def _next_cursor(previous: RssCursor | None, seen: list[ReleaseInfo]) -> RssCursor | None:
    if not seen:
        return previous
    newest = max(r.publish_date for r in seen)
    if previous is not None and previous.newest_publish_date > newest:
        newest = previous.newest_publish_date
    # Guids at or near the top are what the next sync will meet first; keep a bounded set.
    ordered = sorted(seen, key=lambda r: r.publish_date, reverse=True)
    guids = [r.guid for r in ordered[:_MAX_REMEMBERED_GUIDS]]
    if previous is not None:
        guids += [g for g in previous.seen_guids if g not in guids]
    return RssCursor(newest, frozenset(guids[:_MAX_REMEMBERED_GUIDS]))


async def sync_rss(
    client: NewznabClient,
    kind: MediaKind,
    cursors: RssCursorStore,
    *,
    max_pages: int = DEFAULT_RSS_MAX_PAGES,
) -> RssSyncResult:
    """One RSS sync of ``client``'s indexer; returns only releases the cursor did not cover."""
    cursor = cursors.get(client.key)
    request = rss_request(kind, await client.fetch_caps(), client.settings)
    new: list[ReleaseInfo] = []
    seen_guids: set[str] = set()
    fetched: list[ReleaseInfo] = []
    reached = exhausted = False
    pages = 0
    offset = 0
    while pages < (1 if cursor is None else max(1, max_pages)):
        page = await client.fetch_page(request, offset=offset)
        pages += 1
        for release in page.releases:
            fetched.append(release)
            if cursor is not None and cursor.covers(release):
                reached = True
            elif release.guid not in seen_guids:
                seen_guids.add(release.guid)
                new.append(release)
        exhausted = page.is_last
        if reached or exhausted:
            break
        offset += page.item_count
    next_cursor = _next_cursor(cursor, fetched)
    if next_cursor is not None:
        cursors.put(client.key, next_cursor)
    return RssSyncResult(tuple(new), pages, reached, cursor is None, exhausted, next_cursor)
