"""Search criteria for the indexers, built from the library (ids first, then titles)."""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager.indexers.search import (
    DailyEpisodeSearch,
    EpisodeSearch,
    SearchCriteria,
    SeasonSearch,
    SeriesIds,
)
from mediastack.tv.library.model import Episode, Series


def series_ids(series: Series) -> SeriesIds:
    return SeriesIds(
        tvdb_id=series.tvdb_id,
        tvmaze_id=series.tvmaze_id,
        tvrage_id=series.tvrage_id,
        imdb_id=series.imdb_id,
    )


def titles(series: Series) -> tuple[str, ...]:
    return (series.title,)


def episode_criteria(series: Series, episode: Episode) -> SearchCriteria:
    """One episode: by air date for daily shows, by absolute number for anime."""
    if series.series_type == "daily" and episode.air_date is not None:
        return DailyEpisodeSearch(
            titles=titles(series), air_date=episode.air_date, ids=series_ids(series)
        )
    return EpisodeSearch(
        titles=titles(series),
        season=episode.season_number,
        episode=episode.episode_number,
        ids=series_ids(series),
        absolute_episode=episode.absolute_episode_number,
        anime=series.series_type == "anime",
    )


def season_criteria(series: Series, season_number: int) -> SearchCriteria:
    return SeasonSearch(
        titles=titles(series),
        season=season_number,
        ids=series_ids(series),
        anime=series.series_type == "anime",
    )


def plan_for_episodes(
    series: Series, episodes: Sequence[Episode], all_in_season: dict[int, int]
) -> list[SearchCriteria]:
    """A season search where every episode of a season is wanted, else one per episode.

    ``all_in_season`` is the number of episodes each season has; a season whose wanted
    episodes are all of it is searched as a season (packs and singles both come back).
    """
    by_season: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_season.setdefault(episode.season_number, []).append(episode)
    out: list[SearchCriteria] = []
    for season, wanted in sorted(by_season.items()):
        whole = len(wanted) > 1 and len(wanted) == all_in_season.get(season, -1)
        if whole and series.series_type != "daily":
            out.append(season_criteria(series, season))
        else:
            out.extend(episode_criteria(series, e) for e in wanted)
    return out
