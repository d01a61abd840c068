"""``queue``, ``queue/details``, ``queue/status``, ``DELETE queue/{id}``, ``queue/bulk``.

Paged per P8 (Homepage and exportarr read ``totalRecords`` with ``pageSize=1``; Unpackerr
pages through and reads ``outputPath``). Records join the tracker's view of each download
with the grab history that says which items it is for; the domain names them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import iso, json_body, timespan
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.api.params import flag, ids
from mediastack.manager.grab.api.presenter import GrabPresenter
from mediastack.manager.grab.grabber import GrabError
from mediastack.manager.grab.queue import QueueRecord
from mediastack.manager.grab.runtime import on_loop
from mediastack.manager.grab.service import GrabService
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope


def queue_resource(
    record: QueueRecord,
    presenter: GrabPresenter[Any, Any],
    include_subject: bool,
    include_item: bool,
) -> dict[str, Any]:
    entry = record.entry
    grab = record.grab
    names = presenter.names
    resource: dict[str, Any] = {
        "id": record.id,
        "languages": grab.languages if grab else [],
        "quality": grab.quality if grab else {},
        "customFormats": grab.custom_formats if grab else [],
        "customFormatScore": grab.custom_format_score if grab else 0,
        "size": entry.size,
        "title": entry.title,
        "sizeleft": entry.size_left,
        "timeleft": timespan(timedelta(seconds=entry.time_left))
        if entry.time_left is not None
        else None,
        "estimatedCompletionTime": iso(entry.estimated_completion_time),
        "added": iso(grab.date) if grab else None,
        "status": entry.client_status.value,
        "trackedDownloadStatus": entry.status.value,
        "trackedDownloadState": entry.state.value,
        "statusMessages": [
            {"title": m.title, "messages": list(m.messages)} for m in entry.status_messages
        ],
        "errorMessage": entry.error_message,
        "downloadId": entry.download_id,
        "protocol": entry.protocol,
        "downloadClient": entry.client_name,
        "downloadClientHasPostImportCategory": False,
        "indexer": grab.data.get("indexer") if grab else None,
        "outputPath": str(entry.output_path) if entry.output_path else None,
    }
    if record.pending is not None:  # no download yet: no client, no download id
        resource |= {"downloadId": None, "downloadClient": None}
    if grab is not None:
        resource |= names.ids(grab.item_id, [grab.child_id])
        resource |= presenter.queue_fields(grab.item_id, grab.child_id)
        embed(resource, presenter, grab.item_id, grab.child_id, include_subject, include_item)
    return resource


def embed(
    resource: dict[str, Any],
    presenter: GrabPresenter[Any, Any],
    subject_id: int,
    item_id: int,
    include_subject: bool,
    include_item: bool,
) -> None:
    """``series``/``movie``/``artist`` and ``episode``/``album`` when asked for."""
    names = presenter.names
    if include_subject:
        subject = presenter.subject_resource(subject_id)
        if subject is not None:
            resource[names.subject] = subject
    if include_item and names.item:
        item = presenter.item_resource(item_id)
        if item is not None:
            resource[names.item] = item


_SORTS = {
    "title": lambda r: r.entry.title.lower(),
    "progress": lambda r: r.entry.progress,
    "size": lambda r: r.entry.size,
    "sizeleft": lambda r: r.entry.size_left,
    "added": lambda r: r.grab.date if r.grab else datetime.min.replace(tzinfo=UTC),
    "status": lambda r: r.entry.client_status.value,
    "protocol": lambda r: r.entry.protocol,
}


def queue_router(
    domain: ManagerDomain, service: GrabService[Any, Any], presenter: GrabPresenter[Any, Any]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    names = presenter.names

    async def records(include_unknown: bool = True) -> list[QueueRecord]:
        def read() -> list[QueueRecord]:
            return service.queue.records(include_unknown) + service.delayed.records()

        return await on_loop(service.runtime, read)

    @router.get("/queue")
    async def queue(
        request: Request,
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "timeleft",
        sortDirection: str = "ascending",
        protocol: str | None = None,
    ) -> dict[str, Any]:
        found = await records(flag(request, names.include_unknown))
        subjects = set(ids(request, names.subject_ids))
        if subjects:
            found = [r for r in found if r.subject_id in subjects]
        if protocol:
            found = [r for r in found if r.entry.protocol == protocol.lower()]
        descending = sortDirection.lower() == "descending"
        key = _SORTS.get(sortKey.lower().rsplit(".", 1)[-1])
        if key is not None:
            found.sort(key=key, reverse=descending)
        elif descending:
            found.reverse()
        window = found[(page - 1) * pageSize : page * pageSize]
        include = flag(request, names.include_subject), flag(request, names.include_item)
        rendered = [queue_resource(r, presenter, *include) for r in window]
        return envelope(page, pageSize, sortKey, descending, len(found), rendered)

    @router.get("/queue/details")
    async def details(request: Request) -> list[dict[str, Any]]:
        found = await records(flag(request, names.include_unknown))
        subjects = set(ids(request, names.subject_id))
        if subjects:
            found = [r for r in found if r.subject_id in subjects]
        items = set(ids(request, names.item_ids))
        if items:
            found = [r for r in found if r.item_id in items]
        include = flag(request, names.include_subject), flag(request, names.include_item, True)
        return [queue_resource(r, presenter, *include) for r in found]

    @router.get("/queue/status")
    async def status() -> dict[str, Any]:
        found = await records(True)
        known = [r for r in found if not r.unknown]
        unknown = [r for r in found if r.unknown]

        def count(rs: list[QueueRecord], level: str) -> bool:
            return any(r.entry.status.value == level for r in rs)

        return {
            "id": 0,
            "totalCount": len(found),
            "count": len(known),
            "unknownCount": len(unknown),
            "errors": count(known, "error"),
            "warnings": count(known, "warning"),
            "unknownErrors": count(unknown, "error"),
            "unknownWarnings": count(unknown, "warning"),
        }

    async def chosen(ids: list[int]) -> tuple[list[QueueRecord], list[QueueRecord]]:
        """The records asked for, and every record of the same downloads."""
        found = {r.id: r for r in await records(True)}
        picked = [found[i] for i in ids if i in found]
        if not picked:
            raise ApiError(404, "Queue item not found")
        return picked, list(found.values())

    async def remove(ids: list[int], remove_from_client: bool, blocklist: bool) -> None:
        picked, every = await chosen(ids)
        waiting = [r for r in picked if r.pending is not None]
        if waiting:
            await on_loop(service.runtime, lambda: service.delayed.drop(waiting, blocklist))
        by_download = {r.entry.download_id for r in picked if r.pending is None}
        siblings = [r for r in every if r.pending is None and r.entry.download_id in by_download]
        if siblings:
            await service.runtime.call(service.remove(siblings, remove_from_client, blocklist))

    async def grab(ids: list[int]) -> None:
        picked, _ = await chosen(ids)
        waiting = [r for r in picked if r.pending is not None]
        if not waiting:
            raise ApiError(404, "Queue item not found")  # only a waiting release can be grabbed
        try:
            await service.runtime.call(service.grab_pending(waiting))
        except GrabError as exc:
            raise ApiError(409, str(exc)) from exc

    @router.post("/queue/grab/bulk")
    async def grab_bulk(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        await grab([int(i) for i in body.get("ids") or [] if isinstance(i, int)])
        return {}

    @router.post("/queue/grab/{record_id}")
    async def grab_one(record_id: int) -> dict[str, Any]:
        await grab([record_id])
        return {}

    @router.delete("/queue/bulk")
    async def remove_bulk(
        request: Request, removeFromClient: bool = True, blocklist: bool = False
    ) -> dict[str, Any]:
        body = await json_body(request)
        ids = [int(i) for i in body.get("ids") or [] if isinstance(i, int)]
        await remove(ids, removeFromClient, blocklist)
        return {}

    @router.delete("/queue/{record_id}")
    async def remove_one(
        record_id: int, removeFromClient: bool = True, blocklist: bool = False
    ) -> dict[str, Any]:
        await remove([record_id], removeFromClient, blocklist)
        return {}

    return router
