"""The RSS sync's one library read, at the size a big feed asks for, on both databases.

A feed of 10,000 releases names thousands of single episodes; PostgreSQL refuses a
statement holding that many row values ("stack depth limit exceeded"), so the read must
split them whatever the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeasonRow, SeriesRow
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.service import DOMAIN
from tests.support.databases import fresh_postgres_database
from tests.support.tv_rows import episode_row, file_row, season_row, series_row

SERIES, SEASONS, EPISODES = 70, 6, 24  # 10,080 episodes


def fill(database: Database) -> None:
    series = [series_row(sid, f"Show {sid}") for sid in range(1, SERIES + 1)]
    seasons = [season_row(s, n) for s in range(1, SERIES + 1) for n in range(1, SEASONS + 1)]
    episodes, files = [], []
    for sid in range(1, SERIES + 1):
        for season in range(1, SEASONS + 1):
            for number in range(1, EPISODES + 1):
                eid = (sid * SEASONS + season) * EPISODES + number
                extra: dict[str, Any] = {}
                if number == 1:  # the first episode of each season has a file
                    files.append(file_row(eid, sid, season, f"s{sid}e{eid}"))
                    extra["episode_file_id"] = eid
                episodes.append(episode_row(eid, sid, season, number, **extra))
    with database.engine.begin() as connection:
        connection.execute(insert(SeriesRow.__table__), series)
        connection.execute(insert(SeasonRow.__table__), seasons)
        connection.execute(insert(EpisodeFileRow.__table__), files)
        connection.execute(insert(EpisodeRow.__table__), episodes)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TvLibraryStore]:
    def migrated(url: str | None) -> Database:
        found = Database(DatabaseOptions(url=url, sqlite_path=tmp_path / "tv.db"))
        upgrade(found, DOMAIN.version_dirs, lock_name="tv")
        fill(found)
        return found

    if request.param == "sqlite":
        db = migrated(None)
        yield TvLibraryStore(db)
        db.dispose()
    else:
        with fresh_postgres_database() as url:
            db = migrated(url)
            yield TvLibraryStore(db)
            db.dispose()


def test_thousands_of_single_episodes_and_seasons_in_one_read(store: TvLibraryStore) -> None:
    singles = [
        (sid, season, number)
        for sid in range(1, SERIES + 1)
        for season in range(1, SEASONS + 1)
        for number in range(1, EPISODES + 1)
        if season != 2
    ]  # 8,400 row values, with season 2 asked for whole
    seasons = [(sid, 2) for sid in range(1, SERIES + 1)] * 1 + [(999, 1)]
    episodes, files = store.episodes_and_files_of(seasons, single_episodes=singles)
    keys = {(e.series_id, e.season_number, e.episode_number) for e in episodes}
    expected = set(singles) | {
        (sid, 2, n) for sid in range(1, SERIES + 1) for n in range(1, EPISODES + 1)
    }
    assert keys == expected
    assert len(episodes) == len(expected)  # each once
    assert [e.series_id for e in episodes] == sorted(e.series_id for e in episodes)
    assert {f.id for f in files} == {
        e.episode_file_id for e in episodes if e.episode_file_id is not None
    }
    assert len(files) == SERIES * SEASONS
