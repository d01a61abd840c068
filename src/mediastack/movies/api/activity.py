"""``wanted/missing`` and ``calendar``: what dashboards and calendar apps read.

``wanted/missing`` is paged (P8) and counted with one ``COUNT`` because Homepage and
exportarr read only ``totalRecords`` with ``pageSize=1``. ``calendar`` lists movies with a
cinema, digital or physical release in the window (default: today to two days ahead, as
Radarr), each carrying ``inCinemas``, ``digitalRelease`` and ``physicalRelease``.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import query_ids
from mediastack.manager.library.paging import PageRequest, paging
from mediastack.manager.library.resources import CalendarWindow, calendar_window
from mediastack.movies.api.resources import movie_resource
from mediastack.movies.library.store import MovieStore

DEFAULT_SORT = "movieMetadata.sortTitle"
MISSING_PAGES = paging(DEFAULT_SORT, default_descending=False)


def activity_router(domain: ManagerDomain, store: MovieStore, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/wanted/missing")
    async def missing(
        paged: Annotated[PageRequest, Depends(MISSING_PAGES)],
        monitored: bool = True,
    ) -> dict[str, Any]:
        total, movies = await asyncio.to_thread(
            store.missing,
            paged.page,
            paged.page_size,
            paged.sort_key,
            paged.descending,
            monitored,
        )
        records = [movie_resource(m, url_base) for m in movies]
        return paged.envelope(total, records)

    @router.get("/calendar")
    async def calendar(
        window: Annotated[CalendarWindow, Depends(calendar_window)],
        tags: str | None = None,
    ) -> list[dict[str, Any]]:
        if window.last < window.first:
            raise invalid("end", "'end' must not be before 'start'", window.last.isoformat())
        movies = await asyncio.to_thread(
            store.calendar, window.first, window.last, window.unmonitored
        )
        wanted = set(query_ids([tags], "tags") or []) if tags else set()
        if wanted:
            movies = [m for m in movies if wanted & set(m.tags)]
        return [movie_resource(m, url_base, window.today) for m in movies]

    return router
