"""``wanted/cutoff``: monitored episodes whose file has not reached the series' profile
cutoff, paged with one SQL ``COUNT`` (P8: exportarr reads ``totalRecords`` only).

Which qualities fall short is the profile's own decision (``quality_cutoff_met``), asked
once per catalogue quality and profile; the database then filters files by their quality
name for each series' profile. Profiles that do not allow upgrades want nothing, as Sonarr.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import ColumnElement, false, func, or_, select

from mediastack.core.db import Database
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.paging import PageRequest, paging
from mediastack.manager.quality.definitions import catalogue
from mediastack.manager.quality.store import ProfileStore
from mediastack.tv.api.episode_records import render_episodes
from mediastack.tv.library.model import Episode
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeriesRow
from mediastack.tv.library.store import TvLibraryStore


class CutoffQuery:
    def __init__(
        self, database: Database, store: TvLibraryStore, profiles: ProfileStore | None
    ) -> None:
        self._db = database
        self._store = store
        self._profiles = profiles

    def _below_cutoff(self) -> ColumnElement[bool]:
        if self._profiles is None:
            return false()
        clauses = []
        for record in self._profiles.records():
            profile = record.profile
            if not profile.upgrade_allowed:
                continue
            below = [q.name for q in catalogue("sonarr") if not profile.quality_cutoff_met(q)]
            if below:
                clauses.append(
                    (SeriesRow.quality_profile_id == record.id) & EpisodeFileRow.quality.in_(below)
                )
        return or_(*clauses) if clauses else false()

    def page(
        self, page: int, page_size: int, descending: bool, monitored_only: bool
    ) -> tuple[int, list[Episode]]:
        where = [self._below_cutoff()]
        if monitored_only:
            where += [EpisodeRow.monitored.is_(True), SeriesRow.monitored.is_(True)]
        joined = (
            select(EpisodeRow.id)
            .join(SeriesRow, SeriesRow.id == EpisodeRow.series_id)
            .join(EpisodeFileRow, EpisodeFileRow.id == EpisodeRow.episode_file_id)
            .where(*where)
        )
        order = EpisodeRow.air_date_utc.desc() if descending else EpisodeRow.air_date_utc.asc()
        with self._db.session() as session:
            total = session.execute(
                select(func.count()).select_from(joined.subquery())
            ).scalar_one()
            ids = list(
                session.execute(
                    joined.order_by(order, EpisodeRow.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                ).scalars()
            )
        if not ids:
            return int(total), []
        rank = {episode_id: n for n, episode_id in enumerate(ids)}
        episodes = sorted(self._store.episodes(episode_ids=ids), key=lambda e: rank[e.id])
        return int(total), episodes


CUTOFF_PAGES = paging("episodes.airDateUtc")


def cutoff_router(
    domain: ManagerDomain,
    database: Database,
    store: TvLibraryStore,
    profiles: ProfileStore | None,
    url_base: str,
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    query = CutoffQuery(database, store, profiles)

    def render(episodes: list[Episode], with_series: bool, with_file: bool) -> list[dict[str, Any]]:
        return render_episodes(
            store, episodes, url_base, with_series=with_series, with_file=with_file
        )

    @router.get("/wanted/cutoff")
    async def cutoff_unmet(
        paged: Annotated[PageRequest, Depends(CUTOFF_PAGES)],
        includeSeries: bool = False,
        includeEpisodeFile: bool = False,
        monitored: bool = True,
    ) -> dict[str, Any]:
        total, episodes = await asyncio.to_thread(
            query.page, paged.page, paged.page_size, paged.descending, monitored
        )
        records = await asyncio.to_thread(render, episodes, includeSeries, includeEpisodeFile)
        return paged.envelope(total, records)

    return router
