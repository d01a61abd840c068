"""``blocklist`` (paged, P8), ``DELETE blocklist/{id}`` and ``blocklist/bulk``."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import iso, json_body
from mediastack.manager.blocklist import BlocklistEntry
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope
from mediastack.tv.api.resources import series_resource
from mediastack.tv.grab.service import TvGrabService


def blocklist_resource(entry: BlocklistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "seriesId": entry.item_id,
        "episodeIds": list(entry.child_ids),
        "sourceTitle": entry.source_title,
        "languages": entry.languages,
        "quality": entry.quality,
        "customFormats": entry.custom_formats,
        "date": iso(entry.date),
        "protocol": entry.protocol,
        "indexer": entry.indexer,
        "message": entry.message,
    }


def blocklist_router(domain: ManagerDomain, service: TvGrabService, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = service.blocklist

    @router.get("/blocklist")
    async def blocklist(
        page: int = Query(1, ge=1),
        pageSize: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "date",
        sortDirection: str = "descending",
        seriesIds: list[int] | None = Query(None),  # noqa: B008
        protocols: list[str] | None = Query(None),  # noqa: B008
        includeSeries: bool = False,
    ) -> dict[str, Any]:
        ascending = sortDirection.lower() == "ascending"
        found = await asyncio.to_thread(
            store.page, page, pageSize, sortKey, ascending, seriesIds or [], protocols or []
        )
        records = []
        for entry in found.records:
            resource = blocklist_resource(entry)
            if includeSeries:
                series = service.store.get(entry.item_id)
                if series is not None:
                    resource["series"] = series_resource(series, url_base)
            records.append(resource)
        return envelope(page, pageSize, sortKey, not ascending, found.total, records)

    @router.delete("/blocklist/bulk")
    async def delete_bulk(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        ids = [int(i) for i in body.get("ids") or [] if isinstance(i, int)]
        await asyncio.to_thread(store.delete, ids)
        return {}

    @router.delete("/blocklist/{entry_id}")
    async def delete_one(entry_id: int) -> dict[str, Any]:
        if not await asyncio.to_thread(store.delete, [entry_id]):
            raise ApiError(404, f"Blocklist item with ID {entry_id} does not exist")
        return {}

    return router
