"""``queue``, ``queue/details``, ``queue/status``, ``DELETE queue/{id}``, ``queue/bulk``.

Paged per P8 (Homepage and exportarr read ``totalRecords`` with ``pageSize=1``; Unpackerr
pages through and reads ``outputPath``). Records join the tracker's view of each download
with the grab history that says which episodes it is for.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import iso, json_body, timespan
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope
from mediastack.tv.api.resources import episode_resource, series_resource
from mediastack.tv.grab.queue import QueueRecord
from mediastack.tv.grab.runtime import on_loop
from mediastack.tv.grab.service import TvGrabService


def queue_resource(
    record: QueueRecord,
    service: TvGrabService,
    url_base: str,
    include_series: bool,
    include_episode: bool,
) -> dict[str, Any]:
    entry = record.entry
    grab = record.grab
    episode = service.store.episode(grab.child_id) if grab else None
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
        "episodeHasFile": bool(episode and episode.has_file),
    }
    if grab is not None:
        resource["seriesId"] = grab.item_id
        resource["episodeId"] = grab.child_id
        if episode is not None:
            resource["seasonNumber"] = episode.season_number
        if include_series:
            series = service.store.get(grab.item_id)
            if series is not None:
                resource["series"] = series_resource(series, url_base)
        if include_episode and episode is not None:
            resource["episode"] = episode_resource(episode, None, None, url_base)
    return resource


_SORTS = {
    "title": lambda r: r.entry.title.lower(),
    "progress": lambda r: r.entry.progress,
    "size": lambda r: r.entry.size,
    "sizeleft": lambda r: r.entry.size_left,
    "added": lambda r: r.grab.date if r.grab else datetime.min.replace(tzinfo=UTC),
    "status": lambda r: r.entry.client_status.value,
    "protocol": lambda r: r.entry.protocol,
}


def queue_router(domain: ManagerDomain, service: TvGrabService, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    async def records(include_unknown: bool = True) -> list[QueueRecord]:
        return await on_loop(service.runtime, lambda: service.queue.records(include_unknown))

    @router.get("/queue")
    async def queue(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "timeleft",
        sortDirection: str = "ascending",
        includeUnknownSeriesItems: bool = False,
        includeSeries: bool = False,
        includeEpisode: bool = False,
        seriesIds: list[int] | None = Query(None),  # noqa: B008
        protocol: str | None = None,
    ) -> dict[str, Any]:
        found = await records(includeUnknownSeriesItems)
        if seriesIds:
            found = [r for r in found if r.series_id in set(seriesIds)]
        if protocol:
            found = [r for r in found if r.entry.protocol == protocol.lower()]
        descending = sortDirection.lower() == "descending"
        key = _SORTS.get(sortKey.lower().rsplit(".", 1)[-1])
        if key is not None:
            found.sort(key=key, reverse=descending)
        elif descending:
            found.reverse()
        window = found[(page - 1) * pageSize : page * pageSize]
        rendered = [
            queue_resource(r, service, url_base, includeSeries, includeEpisode) for r in window
        ]
        return envelope(page, pageSize, sortKey, descending, len(found), rendered)

    @router.get("/queue/details")
    async def details(
        seriesId: int | None = None,
        episodeIds: list[int] | None = Query(None),  # noqa: B008
        includeSeries: bool = False,
        includeEpisode: bool = True,
        includeUnknownSeriesItems: bool = False,
    ) -> list[dict[str, Any]]:
        found = await records(includeUnknownSeriesItems)
        if seriesId is not None:
            found = [r for r in found if r.series_id == seriesId]
        if episodeIds:
            found = [r for r in found if r.episode_id in set(episodeIds)]
        return [queue_resource(r, service, url_base, includeSeries, includeEpisode) for r in found]

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

    async def remove(ids: list[int], remove_from_client: bool, blocklist: bool) -> None:
        found = {r.id: r for r in await records(True)}
        chosen = [found[i] for i in ids if i in found]
        if not chosen:
            raise ApiError(404, "Queue item not found")
        by_download = {r.entry.download_id for r in chosen}
        siblings = [r for r in found.values() if r.entry.download_id in by_download]
        await service.runtime.call(service.remove(siblings, remove_from_client, blocklist))

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
