"""Mapping releases to series and episodes, and the criteria built from the library."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.search import DailyEpisodeSearch, EpisodeSearch, SeasonSearch
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.search.criteria import episode_criteria, plan_for_episodes
from mediastack.tv.search.mapping import SeriesMatcher, map_release

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def series(sid: int, title: str, year: int, tvdb: int, kind: str = "standard") -> Series:
    return Series(
        id=sid, tvmaze_id=sid * 10, tvdb_id=tvdb, imdb_id=None, tvrage_id=None, title=title,
        sort_title=title.lower(), title_slug=title.lower(), status="continuing", overview="",
        network=None, air_time=None, runtime=45, year=year, first_aired=None, last_aired=None,
        genres=[], language=None, rating=None, poster_url=None, fanart_url=None,
        series_type=kind, season_folder=True, monitored=True, monitor_new_items="all",
        quality_profile_id=1, language_profile_id=1, path="/tv/x", root_folder_path="/tv",
        tags=[], added=NOW, last_info_sync=None, extra={},
    )  # fmt: skip


def episode(eid: int, sid: int, season: int, number: int, aired: date | None = None) -> Episode:
    return Episode(
        id=eid, series_id=sid, tvmaze_id=None, season_number=season, episode_number=number,
        absolute_episode_number=None, title=f"E{number}", overview="", air_date=aired,
        air_date_utc=None, runtime=45, monitored=True, episode_file_id=None,
    )  # fmt: skip


GOT = series(1, "Game of Thrones", 2011, 121361)
SHAMELESS_US = series(2, "Shameless (US)", 2011, 161511)
DAILY = series(3, "The Daily Show", 1996, 71256, "daily")
EPISODES = {
    1: [episode(i, 1, 1 + (i - 1) // 10, 1 + (i - 1) % 10) for i in range(1, 21)],
    2: [episode(100, 2, 1, 1)],
    3: [episode(200, 3, 2024, 1, date(2024, 3, 5)), episode(201, 3, 2024, 2, date(2024, 3, 6))],
}
MATCHER = SeriesMatcher([GOT, SHAMELESS_US, DAILY])


def episodes_of(series_id: int) -> list[Episode]:
    return EPISODES.get(series_id, [])


def rel(title: str, **extra: object) -> ReleaseInfo:
    return ReleaseInfo(
        guid=title, title=title, download_url="https://x/y", publish_date=NOW,
        protocol="usenet", indexer="I", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_title_match_single_and_multi_episode() -> None:
    remote = map_release(rel("Game.of.Thrones.S01E02.720p.HDTV.x264-CTU"), MATCHER, episodes_of)
    assert remote.subject == GOT and [e.id for e in remote.items] == [2]
    multi = map_release(rel("Game.of.Thrones.S01E03E04.720p.HDTV.x264-CTU"), MATCHER, episodes_of)
    assert [e.id for e in multi.items] == [3, 4]
    with_year = map_release(
        rel("Game.of.Thrones.2011.S02E01.720p.HDTV.x264-CTU"), MATCHER, episodes_of
    )
    assert with_year.subject == GOT and [e.id for e in with_year.items] == [11]


def test_season_pack_maps_to_every_episode_of_the_season() -> None:
    remote = map_release(
        rel("Game.of.Thrones.S02.1080p.WEB-DL.DD5.1.H.264-NTb"), MATCHER, episodes_of
    )
    assert remote.pack and [e.id for e in remote.items] == list(range(11, 21))


def test_ids_win_over_titles_and_daily_air_dates() -> None:
    by_id = map_release(
        rel("Shameless.S01E01.720p.HDTV.x264-GRP", tvdb_id=161511), MATCHER, episodes_of
    )
    assert by_id.subject == SHAMELESS_US and [e.id for e in by_id.items] == [100]
    daily = map_release(rel("The.Daily.Show.2024.03.06.720p.WEB.h264-GRP"), MATCHER, episodes_of)
    assert daily.subject == DAILY and [e.id for e in daily.items] == [201]


def test_problems_are_reasons() -> None:
    assert (
        map_release(rel("Some.Other.Show.S01E01.720p.HDTV-X"), MATCHER, episodes_of).problem
        == "Unknown Series"
    )
    assert (
        map_release(rel("Game.of.Thrones.S09E01.720p.HDTV-X"), MATCHER, episodes_of).problem
        == "Unable to identify episodes"
    )
    assert (
        map_release(rel("not a release"), MATCHER, episodes_of).problem == "Unable to parse release"
    )


def test_criteria_from_the_library() -> None:
    single = episode_criteria(GOT, EPISODES[1][0])
    assert isinstance(single, EpisodeSearch) and single.ids.tvdb_id == 121361
    assert (single.season, single.episode, single.titles) == (1, 1, ("Game of Thrones",))
    daily = episode_criteria(DAILY, EPISODES[3][0])
    assert isinstance(daily, DailyEpisodeSearch) and daily.air_date == date(2024, 3, 5)
    plan = plan_for_episodes(GOT, [*EPISODES[1][10:], EPISODES[1][0]], {1: 10, 2: 10})
    assert isinstance(plan[0], EpisodeSearch) and isinstance(plan[1], SeasonSearch)
    assert len(plan) == 2 and plan[1].season == 2
