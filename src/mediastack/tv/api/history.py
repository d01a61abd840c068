"""``history`` (paged, P8), ``history/series``, ``history/since``, ``history/failed/{id}``.

``eventType`` takes Sonarr's integer codes (Bazarr sends ``eventType=1`` for grabs) or the
names; records carry the event name, as Sonarr's JSON does.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, iso
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.history import HistoryEvent, HistoryEventType, HistoryFilter
from mediastack.manager.history.store import EVENT_CODES
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first
from mediastack.tv.api.resources import episode_resource, series_resource
from mediastack.tv.grab.queue import quality_of
from mediastack.tv.grab.service import TvGrabService

_BY_CODE = {code: kind for kind, code in EVENT_CODES.items()}
_BY_NAME = {kind.value.lower(): kind for kind in HistoryEventType}


def event_types(raw: list[str] | None) -> list[HistoryEventType]:
    out: list[HistoryEventType] = []
    for part in ",".join(raw or []).split(","):
        part = part.strip()
        if not part:
            continue
        kind = _BY_CODE.get(int(part)) if part.isdigit() else _BY_NAME.get(part.lower())
        if kind is None:
            raise invalid("eventType", f"Unknown event type '{part}'", part)
        out.append(kind)
    return out


def history_resource(
    event: HistoryEvent,
    service: TvGrabService,
    url_base: str,
    include_series: bool,
    include_episode: bool,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": event.id,
        "episodeId": event.child_id,
        "seriesId": event.item_id,
        "sourceTitle": event.source_title,
        "languages": event.languages,
        "quality": event.quality,
        "customFormats": event.custom_formats,
        "customFormatScore": event.custom_format_score,
        "qualityCutoffNotMet": _cutoff_not_met(event, service),
        "date": iso(event.date),
        "downloadId": event.download_id,
        "eventType": event.event_type.value,
        "data": event.data,
    }
    if include_episode:
        episode = service.store.episode(event.child_id)
        if episode is not None:
            resource["episode"] = episode_resource(episode, None, None, url_base)
    if include_series:
        series = service.store.get(event.item_id)
        if series is not None:
            resource["series"] = series_resource(series, url_base)
    return resource


def _cutoff_not_met(event: HistoryEvent, service: TvGrabService) -> bool:
    series = service.store.get(event.item_id)
    if series is None or not event.quality:
        return False
    profile = service.profiles.get(series.quality_profile_id)
    if profile is None:
        return False
    quality, _ = quality_of(event.quality)
    return not profile.cutoff_met(quality, event.custom_format_score)


def _since(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise invalid("date", "Date is not a valid date", raw) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def history_router(domain: ManagerDomain, service: TvGrabService, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = service.history

    def render(events: list[HistoryEvent], series: bool, episode: bool) -> list[dict[str, Any]]:
        return [history_resource(e, service, url_base, series, episode) for e in events]

    @router.get("/history")
    async def history(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "date",
        sortDirection: str = "descending",
        includeSeries: bool = False,
        includeEpisode: bool = False,
        eventType: list[str] | None = Query(None),  # noqa: B008
        episodeId: int | None = None,
        seriesId: int | None = None,
        seriesIds: list[int] | None = Query(None),  # noqa: B008
        downloadId: str | None = None,
    ) -> dict[str, Any]:
        items = list(seriesIds or []) + ([seriesId] if seriesId is not None else [])
        where = HistoryFilter(
            event_types=event_types(eventType),
            item_ids=items,
            child_ids=[episodeId] if episodeId is not None else [],
            download_id=downloadId,
        )
        descending = newest_first(sortDirection)
        found = await asyncio.to_thread(store.page, where, page, pageSize, descending)
        records = await asyncio.to_thread(render, found.records, includeSeries, includeEpisode)
        return envelope(page, pageSize, sortKey, descending, found.total, records)

    @router.get("/history/series")
    async def for_series(
        seriesId: int,
        seasonNumber: int | None = None,
        eventType: list[str] | None = Query(None),  # noqa: B008
        includeSeries: bool = False,
        includeEpisode: bool = False,
    ) -> list[dict[str, Any]]:
        where = HistoryFilter(event_types=event_types(eventType), item_ids=[seriesId])
        events = await asyncio.to_thread(store.find, where, 10_000)
        if seasonNumber is not None:
            season = {e.id for e in service.store.episodes(seriesId, seasonNumber)}
            events = [e for e in events if e.child_id in season]
        return render(events, includeSeries, includeEpisode)

    @router.get("/history/since")
    async def since(
        date: str,
        eventType: list[str] | None = Query(None),  # noqa: B008
        includeSeries: bool = False,
        includeEpisode: bool = False,
    ) -> list[dict[str, Any]]:
        where = HistoryFilter(event_types=event_types(eventType), since=_since(date))
        events = await asyncio.to_thread(store.find, where, 10_000)
        return render(events, includeSeries, includeEpisode)

    @router.post("/history/failed/{event_id}")
    async def failed(event_id: int) -> dict[str, Any]:
        if not await asyncio.to_thread(service.mark_failed, event_id):
            raise ApiError(404, f"History item with ID {event_id} does not exist")
        return {}

    return router
