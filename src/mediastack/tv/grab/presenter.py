"""Sonarr's words in the release, queue, history and blocklist resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.http import ApiError
from mediastack.manager.api.resources import invalid
from mediastack.manager.grab.api.presenter import ApiNames, SearchTarget
from mediastack.manager.search.model import ReleaseDecision
from mediastack.tv.api.resources import episode_resource, series_resource
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.criteria import episode_criteria, season_criteria

NAMES = ApiNames(subject="series", item="episode")


def _int(params: Mapping[str, str], key: str) -> int | None:
    raw = params.get(key)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise invalid(key, f"'{key}' must be a number", raw)
    return int(raw)


class TvGrabPresenter:
    names = NAMES

    def __init__(self, store: TvLibraryStore, url_base: str) -> None:
        self.store = store
        self.url_base = url_base

    def search_target(self, params: Mapping[str, str]) -> SearchTarget:
        episode_id = _int(params, "episodeId")
        series_id, season = _int(params, "seriesId"), _int(params, "seasonNumber")
        if episode_id is not None:
            episode = self.store.episode(episode_id)
            if episode is None:
                raise ApiError(404, f"Episode with ID {episode_id} does not exist")
            series = self.store.get(episode.series_id)
            if series is None:
                raise ApiError(404, "Series does not exist")
            return SearchTarget([episode_criteria(series, episode)], [episode.id])
        if series_id is None or season is None:
            raise invalid("episodeId", "Either episodeId or seriesId and seasonNumber are required")
        series = self.store.get(series_id)
        if series is None:
            raise ApiError(404, "Series does not exist")
        episodes = self.store.episodes(series_id=series_id, season_number=season)
        return SearchTarget([season_criteria(series, season)], [e.id for e in episodes])

    def release_fields(self, rd: ReleaseDecision[Series, Episode]) -> dict[str, Any]:
        candidate = rd.decision.candidate
        release = candidate.release
        info = candidate.parsed.episode
        series, episodes = rd.subject, rd.items
        return {
            "fullSeason": bool(info and info.full_season),
            "seasonNumber": info.season if info else 0,
            "airDate": info.air_date if info else None,
            "seriesTitle": info.series_title if info else None,
            "episodeNumbers": list(info.episodes) if info else [],
            "absoluteEpisodeNumbers": list(info.absolute_episodes) if info else [],
            "mappedSeasonNumber": episodes[0].season_number if episodes else None,
            "mappedEpisodeNumbers": [e.episode_number for e in episodes],
            "mappedAbsoluteEpisodeNumbers": [
                e.absolute_episode_number for e in episodes if e.absolute_episode_number
            ],
            "mappedSeriesId": series.id if series else None,
            "mappedEpisodeInfo": [
                {
                    "id": e.id,
                    "seasonNumber": e.season_number,
                    "episodeNumber": e.episode_number,
                    "absoluteEpisodeNumber": e.absolute_episode_number,
                    "title": e.title,
                }
                for e in episodes
            ],
            "tvdbId": release.tvdb_id or (series.tvdb_id if series else 0) or 0,
            "tvRageId": release.tvrage_id or 0,
            "imdbId": release.imdb_id,
            "episodeRequested": candidate.requested,
            "isDaily": bool(info and info.air_date),
            "isAbsoluteNumbering": bool(info and info.absolute_episodes),
            "isPossibleSpecialEpisode": False,
            "special": bool(info and info.special),
            "seriesId": series.id if series else None,
            "episodeId": episodes[0].id if len(episodes) == 1 else None,
            "episodeIds": [e.id for e in episodes],
        }

    def subject_resource(self, subject_id: int) -> dict[str, Any] | None:
        series = self.store.get(subject_id)
        return series_resource(series, self.url_base) if series is not None else None

    def item_resource(self, item_id: int) -> dict[str, Any] | None:
        episode = self.store.episode(item_id)
        return episode_resource(episode, None, None, self.url_base) if episode else None

    def queue_fields(self, subject_id: int, item_id: int) -> dict[str, Any]:
        episode = self.store.episode(item_id)
        if episode is None:
            return {"episodeHasFile": False}
        return {"seasonNumber": episode.season_number, "episodeHasFile": episode.has_file}

    def profile_id(self, subject_id: int) -> int | None:
        series = self.store.get(subject_id)
        return series.quality_profile_id if series is not None else None

    def history_children(self, subject_id: int, params: Mapping[str, str]) -> set[int] | None:
        season = _int(params, "seasonNumber")
        if season is None:
            return None
        return {e.id for e in self.store.episodes(subject_id, season)}
