"""``wanted/missing`` and ``calendar``: what dashboards poll.

P8: Homepage and exportarr read ``totalRecords`` with ``pageSize=1``, so the count is one
SQL ``COUNT``. The calendar lists albums by ``releaseDate`` with the artist embedded,
because Homepage shows ``artist.artistName``.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import PageRequest, paging
from mediastack.manager.library.resources import CalendarWindow, calendar_window
from mediastack.music.api.album import render_albums
from mediastack.music.library.service import MusicLibrary

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
        window: Annotated[CalendarWindow, Depends(calendar_window)],
        includeArtist: bool = True,
    ) -> list[dict[str, Any]]:
        albums = await asyncio.to_thread(
            store.calendar, window.first, window.last, window.unmonitored
        )
        return await asyncio.to_thread(render_albums, library, albums, url_base, True)

    return router
