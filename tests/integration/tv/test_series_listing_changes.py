"""``GET /series`` kept per series: after any write, only the series it touched are read
again, and the answer is the one a fresh build gives (on SQLite and on PostgreSQL).

The database records which series each write touched (``series_changes``, kept by the same
triggers that raise the library generation), so writes made around the store count too.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from mediastack.core.db import Database, DatabaseOptions, utcnow
from mediastack.core.db.migrate import upgrade
from mediastack.manager.library.listing import LibraryListing, ListedItem, ListingWarmup
from mediastack.tv.api.series import series_listing
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeasonRow, SeriesRow
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.service import DOMAIN
from tests.support.databases import fresh_postgres_database
from tests.support.tv_rows import episode_row, file_row, season_row, series_row

TITLES = {1: "Amber Fields", 2: "Broken Harbour", 3: "Crimson Tide"}


def write(database: Database, statement: str, **params: Any) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(statement), params)


def add_series(database: Database, sid: int, title: str) -> None:
    """A series with two seasons of three episodes, the first two of season 1 on file."""
    episodes = [episode_row(sid * 100 + 10 * s + e, sid, s, e) for s in (1, 2) for e in (1, 2, 3)]
    files = [file_row(sid * 100 + e, sid, 1, f"{title}.S01E0{e}") for e in (1, 2)]
    for episode in episodes[:2]:
        episode["episode_file_id"] = sid * 100 + episode["episode_number"]
    with database.engine.begin() as connection:
        connection.execute(insert(SeriesRow.__table__), [series_row(sid, title)])
        connection.execute(insert(SeasonRow.__table__), [season_row(sid, 1), season_row(sid, 2)])
        connection.execute(insert(EpisodeFileRow.__table__), files)
        connection.execute(insert(EpisodeRow.__table__), episodes)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    def migrated(url: str | None) -> Database:
        found = Database(DatabaseOptions(url=url, sqlite_path=tmp_path / "tv.db"))
        upgrade(found, DOMAIN.version_dirs, lock_name="tv")
        for sid, title in TITLES.items():
            add_series(found, sid, title)
        return found

    if request.param == "sqlite":
        db = migrated(None)
        yield db
        db.dispose()
    else:
        with fresh_postgres_database() as url:
            db = migrated(url)
            yield db
            db.dispose()


class Reads:
    """The listing's own reader, remembering which series each read asked for."""

    def __init__(self, listing: LibraryListing) -> None:
        self.read = listing.items
        self.asked: list[set[int] | None] = []
        listing.items = self

    def __call__(self, ids: Collection[int] | None) -> list[ListedItem]:
        self.asked.append(None if ids is None else set(ids))
        return list(self.read(ids))


def listed(body: bytes) -> dict[int, dict[str, Any]]:
    return {s["id"]: s for s in json.loads(body)}


def test_each_kind_of_write_records_its_series(database: Database) -> None:
    store = TvLibraryStore(database)
    cases: list[tuple[Callable[[], object], set[int]]] = [
        (lambda: store.update(1, {"tags": [5]}), {1}),
        (lambda: store.update(2, {}, {2: False}), {2}),  # a season and its episodes
        (lambda: store.set_episodes_monitored([111, 311], False), {1, 3}),
        (lambda: store.delete_file(301), {3}),
        (lambda: write(database, "UPDATE episode_files SET size = 5 WHERE id = 201"), {2}),
        (
            lambda: write(
                database, "DELETE FROM seasons WHERE series_id = 1 AND season_number = 2"
            ),
            {1},
        ),
        (lambda: add_series(database, 4, "Distant Engine"), {4}),
        (lambda: store.delete(3), {3}),
        (
            lambda: write(
                database, "UPDATE episodes SET series_id = 4, season_number = 9 WHERE id = 223"
            ),
            {2, 4},
        ),
    ]
    for change, touched in cases:
        before = store.generation()
        change()
        assert store.generation() > before
        assert store.changed_since(before) == touched
    assert store.changed_since(store.generation()) == set()


def test_a_change_rereads_only_its_series_and_matches_a_fresh_build(database: Database) -> None:
    store = TvLibraryStore(database)
    listing = series_listing(store)
    reads = Reads(listing)
    first = listing.get()
    assert reads.asked == [None]
    assert list(listed(first)) == [1, 2, 3]  # by sort title
    assert listing.get() is first and len(reads.asked) == 1  # unchanged: kept

    def renamed() -> None:
        write(database, "UPDATE series SET title = 'Zulu', sort_title = 'zulu' WHERE id = 1")

    cases: list[tuple[Callable[[], object], set[int] | None, Callable[[dict[int, Any]], bool]]] = [
        (lambda: store.update(1, {"tags": [5]}), {1}, lambda s: s[1]["tags"] == [5]),
        (
            lambda: store.update(2, {"monitored": False, "quality_profile_id": 3}),
            {2},
            lambda s: not s[2]["monitored"] and s[2]["qualityProfileId"] == 3,
        ),
        (
            lambda: store.update(3, {}, {1: False}),
            {3},
            lambda s: (
                not s[3]["seasons"][0]["monitored"]
                and s[3]["seasons"][0]["statistics"]["episodeCount"] == 2
            ),  # the files remain
        ),
        (
            lambda: store.set_episodes_monitored([113], False),
            {1},
            lambda s: s[1]["statistics"]["episodeCount"] == 5,
        ),
        (
            lambda: store.delete_file(201),
            {2},
            lambda s: (
                s[2]["statistics"]["episodeFileCount"] == 1
                and s[2]["statistics"]["sizeOnDisk"] == 1_000_000
            ),
        ),
        (renamed, {1}, lambda s: list(s) == [2, 3, 1] and s[1]["title"] == "Zulu"),
        (lambda: add_series(database, 4, "Amber Engine"), {4}, lambda s: list(s) == [4, 2, 3, 1]),
        (lambda: store.delete(2), {2}, lambda s: list(s) == [4, 3, 1]),
        # most of the library at once: one full read
        (
            lambda: write(database, "UPDATE episodes SET monitored = false"),
            None,
            lambda s: all(x["statistics"]["episodeCount"] == 2 for x in s.values()),
        ),
    ]
    for change, reread, shows in cases:
        change()
        body = listing.get()
        assert reads.asked[-1] == reread
        assert body == series_listing(store).get()
        assert shows(listed(body))
        assert listing.get() is body


def test_a_write_still_open_while_the_list_is_read_shows_once_committed(
    database: Database,
) -> None:
    store = TvLibraryStore(database)
    listing = series_listing(store)
    listing.get()
    with database.engine.connect() as writer:
        with writer.begin():
            writer.execute(text("UPDATE series SET tags = '[7]' WHERE id = 2"))
            assert 7 not in listed(listing.get())[2]["tags"]  # not committed yet
        assert listed(listing.get())[2]["tags"] == [7]


def test_statistics_change_when_an_episode_airs(database: Database) -> None:
    store = TvLibraryStore(database)
    listing = series_listing(store)
    reads = Reads(listing)
    airs = utcnow() + timedelta(seconds=1.5)
    write(database, "UPDATE episodes SET air_date_utc = :t WHERE id = 123", t=airs)
    before = listed(listing.get())[1]
    assert before["nextAiring"].startswith(airs.strftime("%Y-%m-%dT%H:%M:%S"))
    assert before["statistics"]["episodeCount"] == 5
    time.sleep(max(0.0, (airs - utcnow()).total_seconds()) + 0.1)
    after = listed(listing.get())[1]
    assert reads.asked[-1] == {1}
    assert "nextAiring" not in after
    assert after["statistics"]["episodeCount"] == 6
    assert after["previousAiring"] == before["nextAiring"]


def test_the_list_is_built_at_start_up(database: Database) -> None:
    listing = series_listing(TvLibraryStore(database))
    reads = Reads(listing)
    warmup = ListingWarmup(listing)

    async def start_and_stop() -> None:
        await warmup.start()
        await warmup.stop()  # waits for the build

    asyncio.run(start_and_stop())
    assert reads.asked == [None]
    assert list(listed(listing.get())) == [1, 2, 3]
    assert reads.asked == [None]  # the first request found it built


def test_the_cyclic_collector_waits_only_while_the_whole_library_is_read(
    database: Database,
) -> None:
    store = TvLibraryStore(database)
    listing = series_listing(store)
    read = listing.items
    collecting: list[bool] = []

    def noting(ids: Collection[int] | None) -> Iterable[ListedItem]:
        collecting.append(gc.isenabled())
        return read(ids)

    listing.items = noting
    assert gc.isenabled()
    listing.get()
    store.update(1, {"tags": [2]})
    listing.get()
    assert collecting == [False, True]  # the full read, then one series
    assert gc.isenabled()


def test_a_read_that_fails_leaves_the_list_to_be_read_again(database: Database) -> None:
    store = TvLibraryStore(database)
    listing = series_listing(store)
    read = listing.items
    listing.get()

    def failing(ids: Collection[int] | None) -> Iterable[ListedItem]:
        raise OSError("database gone for a moment")

    store.update(1, {"tags": [8]})
    listing.items = failing
    with pytest.raises(OSError):
        listing.get()
    listing.items = read
    body = listing.get()
    assert listed(body)[1]["tags"] == [8]
    assert body == series_listing(store).get()
