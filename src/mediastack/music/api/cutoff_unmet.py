"""``wanted/cutoff`` and ``CutoffUnmetAlbumSearch``: albums holding a track file below
their artist's profile cutoff (exportarr and Homepage read the count; Lidarr's Wanted
screen searches them all).

Paged in SQL with one ``COUNT`` (P8); which qualities fall short is the profiles' decision
(``manager/quality/cutoff``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Select, func, select

from mediastack.core.db import Database
from mediastack.core.jobs import CommandHandler
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.service import GrabSummary
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first
from mediastack.manager.quality.cutoff import below_cutoff
from mediastack.manager.quality.store import ProfileStore
from mediastack.music.api.album import render_albums
from mediastack.music.library.model import Album
from mediastack.music.library.rows import AlbumRow, ArtistRow, TrackFileRow
from mediastack.music.library.service import MusicLibrary


class CutoffUnmet:
    def __init__(
        self, database: Database, library: MusicLibrary, profiles: ProfileStore | None
    ) -> None:
        self._db = database
        self._library = library
        self._profiles = profiles

    def _query(self, monitored_only: bool) -> Select[int, date | None]:
        below = below_cutoff(
            self._profiles, "lidarr", ArtistRow.quality_profile_id, TrackFileRow.quality
        )
        where = [below]
        if monitored_only:
            where += [AlbumRow.monitored.is_(True), ArtistRow.monitored.is_(True)]
        return (
            select(AlbumRow.id, AlbumRow.release_date)
            .join(TrackFileRow, TrackFileRow.album_id == AlbumRow.id)
            .join(ArtistRow, ArtistRow.id == AlbumRow.artist_id)
            .where(*where)
            .distinct()
        )

    def page(
        self, page: int, page_size: int, descending: bool, monitored_only: bool
    ) -> tuple[int, list[Album]]:
        query = self._query(monitored_only)
        order = AlbumRow.release_date.desc() if descending else AlbumRow.release_date.asc()
        with self._db.session() as session:
            total = session.execute(select(func.count()).select_from(query.subquery())).scalar()
            ids = list(
                session.execute(
                    query.order_by(order, AlbumRow.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                ).scalars()
            )
        return int(total or 0), self._albums(ids)

    def all(self) -> list[Album]:
        with self._db.session() as session:
            ids = list(session.execute(self._query(True)).scalars())
        return self._albums(ids)

    def _albums(self, ids: Sequence[int]) -> list[Album]:
        if not ids:
            return []
        rank = {album_id: n for n, album_id in enumerate(ids)}
        found = self._library.store.albums(album_ids=ids)
        return sorted(found, key=lambda a: rank[a.id])


def cutoff_router(
    domain: ManagerDomain, query: CutoffUnmet, library: MusicLibrary, url_base: str
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/wanted/cutoff")
    async def cutoff_unmet(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "releaseDate",
        sortDirection: str = "descending",
        includeArtist: bool = False,
        monitored: bool = True,
    ) -> dict[str, Any]:
        descending = newest_first(sortDirection)
        total, albums = await asyncio.to_thread(query.page, page, pageSize, descending, monitored)
        records = await asyncio.to_thread(render_albums, library, albums, url_base, includeArtist)
        return envelope(page, pageSize, sortKey, descending, total, records)

    return router


def cutoff_unmet_search(
    query: CutoffUnmet, search: Callable[[Sequence[Album], bool], GrabSummary]
) -> CommandHandler:
    """``CutoffUnmetAlbumSearch``: every monitored album below its cutoff."""

    def run(body: Mapping[str, Any]) -> str:
        return search(query.all(), False).text("Cutoff unmet album search")

    return run
