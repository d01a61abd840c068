"""The TV search commands (names as Sonarr's, bodies as its clients send them).

Each works out which episodes are wanted and how to search for them (a season search when a
whole season is wanted, else one per episode); the engine's grab service does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.grab.commands import ints
from mediastack.manager.grab.service import GrabService, GrabSummary
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.criteria import plan_for_episodes

TvGrabService = GrabService[Series, Episode]


def _aired(episode: Episode) -> bool:
    return episode.air_date_utc is not None and episode.air_date_utc <= datetime.now(UTC)


class TvSearches:
    """The library half of the search commands: which episodes, which criteria."""

    def __init__(self, service: TvGrabService, store: TvLibraryStore) -> None:
        self.service = service
        self.store = store

    def search(
        self, series_id: int, episodes: Sequence[Episode], only_monitored: bool = True
    ) -> GrabSummary:
        series = self.store.get(series_id)
        if series is None:
            raise LookupError(f"Series with ID {series_id} does not exist")
        if only_monitored and not series.monitored:
            return GrabSummary()
        wanted = [e for e in episodes if e.monitored or not only_monitored]
        if not wanted:
            return GrabSummary()
        counts: dict[int, int] = {}
        for episode in self.store.episodes(series_id=series.id):
            counts[episode.season_number] = counts.get(episode.season_number, 0) + 1
        criteria = plan_for_episodes(series, wanted, counts)
        return self.service.runtime.run(
            self.service.automatic(criteria, [e.id for e in wanted], not only_monitored)
        )

    def episode_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            episodes = self.store.episodes(episode_ids=ints(body.get("episodeIds")))
            by_series: dict[int, list[Episode]] = {}
            for e in episodes:
                by_series.setdefault(e.series_id, []).append(e)
            total = GrabSummary()
            for sid, eps in by_series.items():
                total.merge(self.search(sid, eps, False))
            return total.text("Episode search")

        return run

    def season_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            series_id = int(body.get("seriesId") or 0)
            season = int(body.get("seasonNumber") or 0)
            episodes = self.store.episodes(series_id=series_id, season_number=season)
            return self.search(series_id, [e for e in episodes if _aired(e)]).text("Season search")

        return run

    def series_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            series_id = int(body.get("seriesId") or 0)
            episodes = [
                e
                for e in self.store.episodes(series_id=series_id)
                if _aired(e) and e.season_number > 0
            ]
            return self.search(series_id, episodes).text("Series search")

        return run

    def missing_episode_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            total = GrabSummary()
            for series_id in ints(body.get("seriesId")) or self.store.ids():
                missing = [
                    e
                    for e in self.store.episodes(series_id=series_id)
                    if _aired(e) and not e.has_file and e.season_number > 0
                ]
                if missing:
                    total.merge(self.search(series_id, missing))
            return total.text("Missing episode search")

        return run
