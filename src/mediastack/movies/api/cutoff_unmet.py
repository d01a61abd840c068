"""``wanted/cutoff`` and ``CutoffUnmetMoviesSearch``: movies whose file has not reached
their profile's cutoff (exportarr and Homepage read the count; Radarr's Wanted screen
searches them all).

Paged in SQL with one ``COUNT`` (P8); which qualities fall short is the profiles' decision
(``manager/quality/cutoff``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from mediastack.core.db import Database
from mediastack.core.jobs import CommandHandler
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.service import GrabSummary
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first
from mediastack.manager.quality.cutoff import below_cutoff
from mediastack.manager.quality.store import ProfileStore
from mediastack.movies.api.resources import movie_resource
from mediastack.movies.library.model import Movie
from mediastack.movies.library.rows import MovieFileRow, MovieRow
from mediastack.movies.library.store import MovieStore, sort_column

DEFAULT_SORT = "movieMetadata.sortTitle"


class CutoffUnmet:
    def __init__(self, database: Database, store: MovieStore, profiles: ProfileStore | None):
        self._db = database
        self._store = store
        self._profiles = profiles

    def _query(self, monitored_only: bool) -> Any:
        where = [
            below_cutoff(
                self._profiles, "radarr", MovieRow.quality_profile_id, MovieFileRow.quality
            )
        ]
        if monitored_only:
            where.append(MovieRow.monitored.is_(True))
        return (
            select(MovieRow.id)
            .join(MovieFileRow, MovieFileRow.movie_id == MovieRow.id)
            .where(*where)
        )

    def page(
        self, page: int, page_size: int, sort_key: str, descending: bool, monitored_only: bool
    ) -> tuple[int, list[Movie]]:
        query = self._query(monitored_only)
        column = sort_column(sort_key)
        order = column.desc() if descending else column.asc()
        with self._db.session() as session:
            total = session.execute(select(func.count()).select_from(query.subquery())).scalar()
            ids = list(
                session.execute(
                    query.order_by(order, MovieRow.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                ).scalars()
            )
        rank = {movie_id: n for n, movie_id in enumerate(ids)}
        movies = sorted(self._store.many(ids), key=lambda m: rank[m.id]) if ids else []
        return int(total or 0), movies

    def all(self) -> list[Movie]:
        with self._db.session() as session:
            ids = list(session.execute(self._query(True)).scalars())
        return self._store.many(ids) if ids else []


def cutoff_router(domain: ManagerDomain, query: CutoffUnmet, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/wanted/cutoff")
    async def cutoff_unmet(
        page: int = Query(1, ge=1),
        pageSize: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = DEFAULT_SORT,
        sortDirection: str = "ascending",
        monitored: bool = True,
    ) -> dict[str, Any]:
        descending = newest_first(sortDirection)
        total, movies = await asyncio.to_thread(
            query.page, page, pageSize, sortKey, descending, monitored
        )
        records = [movie_resource(m, url_base) for m in movies]
        return envelope(page, pageSize, sortKey, descending, total, records)

    return router


def cutoff_unmet_search(
    query: CutoffUnmet, search: Callable[[list[Movie], bool], GrabSummary]
) -> CommandHandler:
    """``CutoffUnmetMoviesSearch``: every monitored, available movie below its cutoff."""

    def run(body: Mapping[str, Any]) -> str:
        today = datetime.now(UTC).date()
        movies = [m for m in query.all() if m.is_available(today)]
        return search(movies, False).text("Cutoff unmet movie search")

    return run
