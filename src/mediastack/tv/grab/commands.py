"""The search and download commands (names as Sonarr's, bodies as its clients send them).

Handlers run in command worker threads; each hands its work to the grab runtime's loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.tv.grab.service import GrabSummary, TvGrabService
from mediastack.tv.library.model import Episode


def _ints(value: Any) -> list[int]:
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [int(v) for v in value if isinstance(v, int | str) and str(v).isdigit()]
    return []


def _aired(episode: Episode) -> bool:
    return episode.air_date_utc is not None and episode.air_date_utc <= datetime.now(UTC)


def _search(
    service: TvGrabService, series_id: int, episodes: list[Episode], only_monitored: bool = True
) -> GrabSummary:
    series = service.store.get(series_id)
    if series is None:
        raise LookupError(f"Series with ID {series_id} does not exist")
    if only_monitored and not series.monitored:
        return GrabSummary()
    return service.runtime.run(service.automatic(series, episodes, only_monitored))


def _merge(summaries: list[GrabSummary]) -> GrabSummary:
    total = GrabSummary()
    for s in summaries:
        total.reports += s.reports
        total.approved += s.approved
        total.grabbed += s.grabbed
        total.errors += s.errors
    return total


def episode_search(service: TvGrabService) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        episodes = service.store.episodes(episode_ids=_ints(body.get("episodeIds")))
        by_series: dict[int, list[Episode]] = {}
        for e in episodes:
            by_series.setdefault(e.series_id, []).append(e)
        summaries = [_search(service, sid, eps, False) for sid, eps in by_series.items()]
        return _merge(summaries).text("Episode search")

    return run


def season_search(service: TvGrabService) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        series_id = int(body.get("seriesId") or 0)
        season = int(body.get("seasonNumber") or 0)
        episodes = [
            e
            for e in service.store.episodes(series_id=series_id, season_number=season)
            if _aired(e)
        ]
        return _search(service, series_id, episodes).text("Season search")

    return run


def series_search(service: TvGrabService) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        series_id = int(body.get("seriesId") or 0)
        episodes = [
            e
            for e in service.store.episodes(series_id=series_id)
            if _aired(e) and e.season_number > 0
        ]
        return _search(service, series_id, episodes).text("Series search")

    return run


def missing_episode_search(service: TvGrabService) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        targets = _ints(body.get("seriesId")) or service.store.ids()
        summaries = []
        for series_id in targets:
            missing = [
                e
                for e in service.store.episodes(series_id=series_id)
                if _aired(e) and not e.has_file and e.season_number > 0
            ]
            if missing:
                summaries.append(_search(service, series_id, missing))
        return _merge(summaries).text("Missing episode search")

    return run


def rss_sync(service: TvGrabService) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        return service.runtime.run(service.rss_sync()).text("RSS sync")

    return run


def refresh_monitored_downloads(service: TvGrabService) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        return service.runtime.run(service.refresh_downloads())

    return run
