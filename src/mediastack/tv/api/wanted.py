"""``wanted/missing``: the paged list dashboards count (P8: Homepage and exportarr read
``totalRecords`` with ``pageSize=1``, so the count is one SQL ``COUNT``)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Query

from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first
from mediastack.tv.api.resources import episode_resource
from mediastack.tv.library.store import TvLibraryStore


def wanted_router(domain: ManagerDomain, store: TvLibraryStore, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/wanted/missing")
    async def missing(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "episodes.airDateUtc",
        sortDirection: str = "descending",
        includeSeries: bool = False,
        monitored: bool = True,
    ) -> dict[str, Any]:
        descending = newest_first(sortDirection)
        total, episodes = await asyncio.to_thread(
            store.missing, page, pageSize, descending, monitored
        )
        series = {}
        if includeSeries:
            for sid in {e.series_id for e in episodes}:
                found = await asyncio.to_thread(store.get, sid)
                if found is not None:
                    series[sid] = found
        records = [episode_resource(e, series.get(e.series_id), None, url_base) for e in episodes]
        return envelope(page, pageSize, sortKey, descending, total, records)

    return router
