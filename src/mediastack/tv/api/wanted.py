"""``wanted/missing``: the paged list dashboards count (P8: Homepage and exportarr read
``totalRecords`` with ``pageSize=1``, so the count is one SQL ``COUNT``)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import PageRequest, paging
from mediastack.tv.api.episode_records import render_episodes
from mediastack.tv.library.store import TvLibraryStore

MISSING_PAGES = paging("episodes.airDateUtc")


def wanted_router(domain: ManagerDomain, store: TvLibraryStore, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/wanted/missing")
    async def missing(
        paged: Annotated[PageRequest, Depends(MISSING_PAGES)],
        includeSeries: bool = False,
        monitored: bool = True,
    ) -> dict[str, Any]:
        total, episodes = await asyncio.to_thread(
            store.missing, paged.page, paged.page_size, paged.descending, monitored
        )
        records = await asyncio.to_thread(
            render_episodes, store, episodes, url_base, with_series=includeSeries
        )
        return paged.envelope(total, records)

    return router
