"""History: events per item, paging with counts, lookup by download id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from mediastack.core.db import Database, DatabaseOptions, utcnow
from mediastack.core.db.migrate import upgrade
from mediastack.manager.domain import MIGRATIONS
from mediastack.manager.history import (
    HistoryEventType,
    HistoryFilter,
    HistoryStore,
    NewHistoryEvent,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    db = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "h.db"))
    upgrade(db, [MIGRATIONS], lock_name="t")
    yield HistoryStore(db)
    db.dispose()


def grab(episode: int, download_id: str, minutes_ago: int = 0) -> NewHistoryEvent:
    return NewHistoryEvent(
        event_type=HistoryEventType.GRABBED,
        item_id=1,
        child_id=episode,
        source_title="Show.S01.1080p.WEB-DL-GRP",
        quality={"quality": {"id": 3, "name": "WEBDL-1080p"}, "revision": {"version": 1}},
        download_id=download_id,
        data={"indexer": "Local", "size": 1234, "nzbInfoUrl": None},
        date=utcnow() - timedelta(minutes=minutes_ago),
    )


def test_season_pack_grab_is_one_event_per_episode(store: HistoryStore) -> None:
    store.add([grab(e, "hash-1") for e in (11, 12, 13)])
    store.add([grab(21, "hash-2")])
    events = store.for_download("hash-1")
    assert sorted(e.child_id for e in events) == [11, 12, 13]
    assert events[0].data == {"indexer": "Local", "size": "1234", "nzbInfoUrl": ""}
    assert events[0].date.tzinfo is not None


def test_paging_counts_and_filters(store: HistoryStore) -> None:
    store.add([grab(e, f"id-{e}", minutes_ago=e) for e in range(25)])
    failed = store.mark_failed(store.find(HistoryFilter(child_ids=[3]))[0].id)
    assert failed is not None and failed.event_type is HistoryEventType.DOWNLOAD_FAILED
    first = store.page(HistoryFilter(), page=1, page_size=10)
    assert first.total == 26 and len(first.records) == 10
    assert first.records[0].event_type is HistoryEventType.DOWNLOAD_FAILED  # newest first
    last = store.page(HistoryFilter(), page=3, page_size=10)
    assert len(last.records) == 6
    grabs = store.page(HistoryFilter(event_types=[HistoryEventType.GRABBED]), page_size=1)
    assert grabs.total == 25 and len(grabs.records) == 1  # a cheap count for dashboards
    oldest_first = store.page(HistoryFilter(), page_size=1, newest_first=False)
    assert oldest_first.records[0].child_id == 24
