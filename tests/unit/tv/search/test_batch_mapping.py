"""An RSS sync maps its whole feed with one library read; the answers must be the ones the
release-at-a-time mapping gives, for every way a release names its episodes."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.decisions import SearchKind
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.quality.definitions import default_definitions
from mediastack.manager.quality.layout import default_profiles
from mediastack.manager.search.decide import ReleaseDecider
from mediastack.manager.search.domain import map_releases
from mediastack.manager.search.model import DecideOptions, QualitySources
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeasonRow, SeriesRow
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.domain import TvReleaseMapper, TvSearchDomain
from mediastack.tv.search.mapping import RemoteEpisode
from mediastack.tv.service import DOMAIN

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def series_row(sid: int, title: str, kind: str) -> dict[str, Any]:
    return {
        "id": sid, "tvmaze_id": 900 + sid, "tvdb_id": 7000 + sid, "imdb_id": None,
        "tvrage_id": None, "title": title, "sort_title": title.lower(),
        "title_slug": title.lower().replace(" ", "-"), "status": "continuing", "overview": "",
        "network": None, "air_time": None, "runtime": 30, "year": 2010, "first_aired": None,
        "last_aired": None, "genres": [], "language": None, "rating": None, "poster_url": None,
        "fanart_url": None, "series_type": kind, "season_folder": True, "monitored": True,
        "monitor_new_items": "all", "quality_profile_id": 1, "language_profile_id": 1,
        "path": f"/tv/{title}", "root_folder_path": "/tv", "tags": [], "added": NOW,
        "last_info_sync": None, "extra": {},
    }  # fmt: skip


def episode_row(eid: int, sid: int, season: int, number: int, **extra: Any) -> dict[str, Any]:
    row = {
        "id": eid, "series_id": sid, "tvmaze_id": None, "season_number": season,
        "episode_number": number, "absolute_episode_number": None, "title": f"E{number}",
        "overview": "", "air_date": None, "air_date_utc": None, "runtime": None,
        "monitored": True, "episode_file_id": None,
    }  # fmt: skip
    return row | extra


def file_row(fid: int, sid: int, season: int, name: str, quality: str) -> dict[str, Any]:
    return {
        "id": fid, "series_id": sid, "season_number": season,
        "relative_path": f"Season {season}/{name}.mkv", "path": f"/tv/x/{name}.mkv",
        "size": 1_000_000, "date_added": NOW, "scene_name": name, "release_group": "GRP",
        "quality": quality, "languages": ["English"],
    }  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> TvLibraryStore:
    """A migrated library: a standard show (two seasons, files on some episodes, one
    recorded as Unknown), a daily show and an anime numbered absolutely."""
    database = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "tv.db"))
    upgrade(database, DOMAIN.version_dirs, lock_name="tv")
    episodes = [
        episode_row(10 * s + e, 1, s, e, episode_file_id={11: 1, 12: 2, 21: 3}.get(10 * s + e))
        for s in (1, 2)
        for e in (1, 2, 3)
    ]
    day = date(2024, 3, 5)
    episodes += [
        episode_row(100 + i, 2, 2024, i + 1, air_date=day + timedelta(days=i)) for i in range(3)
    ]
    episodes += [episode_row(200 + i, 3, 1, i + 1, absolute_episode_number=i + 1) for i in range(3)]
    files = [
        file_row(1, 1, 1, "Amber.Fields.S01E01.720p.HDTV.x264-GRP", "HDTV-720p"),
        file_row(2, 1, 1, "Amber.Fields.S01E02.1080p.WEB-DL.x264-GRP", "Unknown"),
        file_row(3, 1, 2, "Amber.Fields.S02E01.480p.WEB.x264-GRP", "WEBDL-480p"),
    ]
    with database.engine.begin() as connection:
        connection.execute(
            insert(SeriesRow.__table__),
            [
                series_row(1, "Amber Fields", "standard"),
                series_row(2, "Nightly News Hour", "daily"),
                series_row(3, "Iron Blade", "anime"),
            ],
        )
        connection.execute(
            insert(SeasonRow.__table__),
            [
                {"series_id": s, "season_number": n, "monitored": True, "poster_url": None}
                for s, n in ((1, 1), (1, 2), (2, 2024), (3, 1))
            ],
        )
        connection.execute(insert(EpisodeFileRow.__table__), files)
        connection.execute(insert(EpisodeRow.__table__), episodes)
    return TvLibraryStore(database)


TITLES = (
    "Amber.Fields.S01E02.1080p.WEB-DL.DD5.1.H.264-NTb",
    "Amber.Fields.S01E01E02.720p.HDTV.x264-CTU",
    "Amber.Fields.S02.1080p.BluRay.x264-GRP",
    "Amber.Fields.S02E03.720p.HDTV.x264-CTU",
    "Amber.Fields.S05E01.720p.HDTV.x264-CTU",
    "Nightly.News.Hour.2024.03.06.720p.HDTV.x264-GRP",
    "Nightly.News.Hour.2024.09.09.720p.HDTV.x264-GRP",
    "[SubsPlease] Iron Blade - 02 (1080p) [ABCD1234].mkv",
    "Unknown.Show.S01E01.720p.HDTV.x264-GRP",
    "not a release name at all",
)


def release(title: str) -> ReleaseInfo:
    return ReleaseInfo(
        guid=title, title=title, download_url="https://indexer.invalid/get",
        publish_date=NOW, protocol="usenet", indexer="I",
    )  # fmt: skip


def test_a_batch_maps_as_each_release_alone(store: TvLibraryStore) -> None:
    releases = [release(t) for t in TITLES]
    alone = TvReleaseMapper(store)
    batch = TvReleaseMapper(store)
    expected = [alone.map(r) for r in releases]
    mapped = map_releases(batch, releases)
    assert mapped == expected
    assert [alone.wanted(r) for r in expected] == [batch.wanted(r) for r in mapped]
    # the cases above are all exercised, not just the failures
    by_title = {r.release.title: r for r in mapped}
    assert [e.id for e in by_title[TITLES[1]].items] == [11, 12]
    assert [e.id for e in by_title[TITLES[2]].items] == [21, 22, 23] and by_title[TITLES[2]].pack
    assert [e.id for e in by_title[TITLES[5]].items] == [101]
    assert [e.id for e in by_title[TITLES[7]].items] == [201]
    assert [r.problem for r in mapped[4:]] == [
        "Unable to identify episodes",
        None,
        "Unable to identify episodes",
        None,
        "Unknown Series",
        "Unable to parse release",
    ]
    files = [w.existing for w in batch.wanted(by_title[TITLES[1]])]
    assert all(f is not None for f in files)


def test_the_batch_read_takes_only_the_named_seasons(store: TvLibraryStore) -> None:
    episodes, files = store.episodes_and_files_of([(1, 2), (3, 9)], whole_series=[2])
    assert [e.id for e in episodes] == [21, 22, 23, 100, 101, 102]
    assert [f.id for f in files] == [3]


def test_the_batch_read_takes_single_episodes_alone(store: TvLibraryStore) -> None:
    # an RSS feed names mostly single episodes: their seasons' other episodes stay unread
    episodes, files = store.episodes_and_files_of(
        [], single_episodes=[(1, 1, 2), (1, 2, 3), (1, 7, 1)]
    )
    assert [e.id for e in episodes] == [12, 23]
    assert [f.id for f in files] == [2]
    episodes, _ = store.episodes_and_files_of([(1, 2)], single_episodes=[(1, 2, 1), (1, 1, 1)])
    assert [e.id for e in episodes] == [11, 21, 22, 23]


def test_a_batch_is_decided_with_the_collector_held_off(store: TvLibraryStore) -> None:
    # an RSS sync's thousands of records form no cycles: no collector passes in between
    seen: list[bool] = []

    class Noting(TvReleaseMapper):
        def map_all(self, releases: Sequence[ReleaseInfo]) -> list[RemoteEpisode]:
            seen.append(gc.isenabled())
            return super().map_all(releases)

    profile = default_profiles("sonarr")[0]
    sources = QualitySources(
        profiles={1: profile},
        formats=[],
        definitions={d.quality.id: d for d in default_definitions("sonarr")},
    )
    decider = ReleaseDecider(TvSearchDomain(store), BlocklistStore(store._db))
    decided = decider.decide(
        [release(t) for t in TITLES], sources, DecideOptions(kind=SearchKind.RSS),
        mapper=Noting(store),
    )  # fmt: skip
    assert seen == [False] and gc.isenabled()
    assert [d.remote.problem for d in decided][-2:] == ["Unknown Series", "Unable to parse release"]
