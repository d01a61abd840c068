"""``history`` (paged, P8), ``history/<subject>``, ``history/since``, ``history/failed/{id}``.

``eventType`` takes the original's integer codes (Bazarr sends ``eventType=1`` for grabs)
or the names; records carry the event name, as the originals' JSON does. The subject and
item keys (``seriesId``/``episodeId``, ``movieId``) come from the domain's presenter.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, iso
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.api.params import flag, ids
from mediastack.manager.grab.api.presenter import ApiNames, GrabPresenter
from mediastack.manager.grab.api.queue import embed
from mediastack.manager.grab.resources import quality_of
from mediastack.manager.grab.service import GrabService
from mediastack.manager.history import HistoryEvent, HistoryEventType, HistoryFilter
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first


def event_types(names: ApiNames, raw: list[str] | None) -> list[HistoryEventType]:
    by_code = {code: kind for kind, code in names.event_codes.items()}
    by_name = {names.event_name(kind).lower(): kind for kind in HistoryEventType}
    by_name |= {kind.value.lower(): kind for kind in HistoryEventType}
    out: list[HistoryEventType] = []
    for part in ",".join(raw or []).split(","):
        part = part.strip()
        if not part:
            continue
        kind = by_code.get(int(part)) if part.isdigit() else by_name.get(part.lower())
        if kind is None:
            raise invalid("eventType", f"Unknown event type '{part}'", part)
        out.append(kind)
    return out


def _since(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise invalid("date", "Date is not a valid date", raw) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def history_router(
    domain: ManagerDomain, service: GrabService[Any, Any], presenter: GrabPresenter[Any, Any]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = service.history
    names = presenter.names
    app = service.domain.app

    def cutoff_not_met(event: HistoryEvent) -> bool:
        profile_id = presenter.profile_id(event.item_id)
        profile = service.profiles.get(profile_id) if profile_id is not None else None
        if profile is None or not event.quality:
            return False
        quality, _ = quality_of(app, event.quality)
        return not profile.cutoff_met(quality, event.custom_format_score)

    def resource(event: HistoryEvent, include_subject: bool, include_item: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"id": event.id, **names.ids(event.item_id, [event.child_id])}
        out |= {
            "sourceTitle": event.source_title,
            "languages": event.languages,
            "quality": event.quality,
            "customFormats": event.custom_formats,
            "customFormatScore": event.custom_format_score,
            "qualityCutoffNotMet": cutoff_not_met(event),
            "date": iso(event.date),
            "downloadId": event.download_id,
            "eventType": names.event_name(event.event_type),
            "data": event.data,
        }
        embed(out, presenter, event.item_id, event.child_id, include_subject, include_item)
        return out

    def render(request: Request, events: list[HistoryEvent]) -> list[dict[str, Any]]:
        include = flag(request, names.include_subject), flag(request, names.include_item)
        return [resource(e, *include) for e in events]

    @router.get("/history")
    async def history(
        request: Request,
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "date",
        sortDirection: str = "descending",
        eventType: list[str] | None = Query(None),  # noqa: B008
        downloadId: str | None = None,
    ) -> dict[str, Any]:
        where = HistoryFilter(
            event_types=event_types(names, eventType),
            item_ids=ids(request, names.subject_id, names.subject_ids),
            child_ids=ids(request, names.item_id),
            download_id=downloadId,
        )
        descending = newest_first(sortDirection)
        found = await asyncio.to_thread(store.page, where, page, pageSize, descending)
        records = await asyncio.to_thread(render, request, found.records)
        return envelope(page, pageSize, sortKey, descending, found.total, records)

    @router.get(f"/history/{names.subject}")
    async def for_subject(
        request: Request,
        eventType: list[str] | None = Query(None),  # noqa: B008
    ) -> list[dict[str, Any]]:
        subject_ids = ids(request, names.subject_id)
        if not subject_ids:
            raise invalid(names.subject_id, f"'{names.subject_id}' is required")
        where = HistoryFilter(event_types=event_types(names, eventType), item_ids=subject_ids)
        events = await asyncio.to_thread(store.find, where, 10_000)
        children = presenter.history_children(subject_ids[0], request.query_params)
        if children is not None:
            events = [e for e in events if e.child_id in children]
        return await asyncio.to_thread(render, request, events)

    @router.get("/history/since")
    async def since(
        request: Request,
        date: str,
        eventType: list[str] | None = Query(None),  # noqa: B008
    ) -> list[dict[str, Any]]:
        where = HistoryFilter(event_types=event_types(names, eventType), since=_since(date))
        events = await asyncio.to_thread(store.find, where, 10_000)
        return await asyncio.to_thread(render, request, events)

    @router.post("/history/failed/{event_id}")
    async def failed(event_id: int) -> dict[str, Any]:
        if not await asyncio.to_thread(service.mark_failed, event_id):
            raise ApiError(404, f"History item with ID {event_id} does not exist")
        return {}

    return router
