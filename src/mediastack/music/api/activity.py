"""``wanted/missing`` and ``calendar``: what dashboards poll.

P8: Homepage and exportarr read ``totalRecords`` with ``pageSize=1``, so the count is one
SQL ``COUNT``. The calendar lists albums by ``releaseDate`` with the artist embedded,
because Homepage shows ``artist.artistName``.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mediastack.core.db import utcnow
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import PageRequest, paging
from mediastack.manager.library.resources import calendar_day
from mediastack.music.api.album import render_albums
from mediastack.music.library.service import MusicLibrary

DEFAULT_CALENDAR_DAYS = 2  # Lidarr's default window: today and the next two days


MISSING_PAGES = paging("releaseDate")


def activity_router(domain: ManagerDomain, library: MusicLibrary, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store

    @router.get("/wanted/missing")
    async def missing(
        paged: Annotated[PageRequest, Depends(MISSING_PAGES)],
        includeArtist: bool = False,
        monitored: bool = True,
    ) -> dict[str, Any]:
        total, albums = await asyncio.to_thread(
            store.missing, paged.page, paged.page_size, paged.descending, monitored
        )
        records = await asyncio.to_thread(render_albums, library, albums, url_base, includeArtist)
        return paged.envelope(total, records)

    @router.get("/calendar")
    async def calendar(
        start: str | None = None,
        end: str | None = None,
        unmonitored: bool = False,
        includeArtist: bool = True,
    ) -> list[dict[str, Any]]:
        today = utcnow().date()
        first = calendar_day(start, "start", today)
        last = calendar_day(end, "end", today + timedelta(days=DEFAULT_CALENDAR_DAYS))
        albums = await asyncio.to_thread(store.calendar, first, last, unmonitored)
        return await asyncio.to_thread(render_albums, library, albums, url_base, True)

    return router
