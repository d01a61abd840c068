"""Sonarr's keys of a manual-import item: the series, the season and its episodes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.tv.api.resources import episode_resource, series_resource
from mediastack.tv.grab.presenter import NAMES
from mediastack.tv.importing.domain import TvImportCandidate


class TvImportPresenter:
    names = NAMES

    def __init__(self, url_base: str) -> None:
        self.url_base = url_base

    def candidate_fields(self, candidate: TvImportCandidate) -> dict[str, Any]:
        episodes = candidate.items
        out: dict[str, Any] = {
            "seasonNumber": episodes[0].season_number if episodes else None,
            "episodes": [episode_resource(e) for e in episodes],
            "episodeFileId": None,
            "releaseType": "multiEpisode" if len(episodes) > 1 else "singleEpisode",
        }
        if candidate.subject is not None:
            out["series"] = series_resource(candidate.subject, self.url_base)
        return out

    def wanted(self, candidate: TvImportCandidate, params: Mapping[str, str]) -> bool:
        season = params.get("seasonNumber")
        if not season or not season.isdigit() or not candidate.items:
            return True
        return candidate.items[0].season_number == int(season)
