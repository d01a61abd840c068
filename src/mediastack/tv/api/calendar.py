"""``calendar``: episodes airing in a window (Homepage, pyarr, Kometa read it).

As Sonarr: ``start``/``end`` default to today and today + 2 days (UTC), only monitored
episodes of monitored series unless ``unmonitored=true``, ``tags`` keeps series carrying any
of the listed tag ids. The window is one indexed range query; the rows are then loaded by id.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from mediastack.core.db import Database
from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid
from mediastack.manager.domain import ManagerDomain
from mediastack.tv.api.episode_records import render_episodes
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.rows import EpisodeRow, SeriesRow
from mediastack.tv.library.store import TvLibraryStore


def parse_when(raw: str | None, name: str, default: datetime) -> datetime:
    """ISO dates or date-times (``2026-11-24``, ``...T10:00:00Z``); naive means UTC."""
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    # an unencoded ``+01:00`` offset arrives as a space
    candidates = (text, text[:-6] + "+" + text[-5:]) if text[-6:-5] == " " else (text,)
    for candidate in candidates:
        try:
            value = datetime.fromisoformat(candidate)
            break
        except ValueError:
            continue
    else:
        raise invalid(name, f"'{raw}' is not a valid date", raw)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_tags(raw: str | None) -> set[int]:
    """``tags=1,2`` (ids); anything not a number is refused."""
    out: set[int] = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if part:
            if not part.lstrip("-").isdigit():
                raise invalid("tags", "Tags must be ids", part)
            out.add(int(part))
    return out


def today_utc() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)


class CalendarQuery:
    """Episodes by air time, with their series, for ``calendar`` and the iCal feed."""

    def __init__(self, database: Database, store: TvLibraryStore) -> None:
        self._db = database
        self._store = store

    def window(
        self,
        start: datetime,
        end: datetime,
        unmonitored: bool,
        tags: Iterable[int] = (),
        premieres_only: bool = False,
    ) -> tuple[list[Episode], dict[int, Series]]:
        query = (
            select(EpisodeRow.id, EpisodeRow.series_id, SeriesRow.tags)
            .join(SeriesRow, SeriesRow.id == EpisodeRow.series_id)
            .where(EpisodeRow.air_date_utc >= start, EpisodeRow.air_date_utc <= end)
            .order_by(EpisodeRow.air_date_utc, EpisodeRow.id)
        )
        if not unmonitored:
            query = query.where(EpisodeRow.monitored.is_(True), SeriesRow.monitored.is_(True))
        if premieres_only:
            query = query.where(EpisodeRow.episode_number == 1)
        wanted_tags = set(tags)
        with self._db.session() as session:
            rows = [
                (episode_id, series_id)
                for episode_id, series_id, series_tags in session.execute(query)
                if not wanted_tags or wanted_tags & set(series_tags or ())
            ]
        if not rows:
            return [], {}
        order = {episode_id: n for n, (episode_id, _) in enumerate(rows)}
        episodes = sorted(self._store.episodes(episode_ids=list(order)), key=lambda e: order[e.id])
        series: dict[int, Series] = {}
        for sid in {sid for _, sid in rows}:
            found = self._store.get(sid)
            if found is not None:
                series[sid] = found
        return episodes, series


def calendar_router(
    domain: ManagerDomain, database: Database, store: TvLibraryStore, url_base: str
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    calendar = CalendarQuery(database, store)

    def render(
        episodes: list[Episode], series: dict[int, Series], with_series: bool, with_file: bool
    ) -> list[dict[str, Any]]:
        return render_episodes(
            store, episodes, url_base, with_series=with_series, with_file=with_file, series=series
        )

    @router.get("/calendar")
    async def list_calendar(
        start: str | None = None,
        end: str | None = None,
        unmonitored: bool = False,
        includeSeries: bool = False,
        includeEpisodeFile: bool = False,
        includeEpisodeImages: bool = False,
        tags: str | None = None,
    ) -> list[dict[str, Any]]:
        today = today_utc()
        first = parse_when(start, "start", today)
        last = parse_when(end, "end", today + timedelta(days=2))
        episodes, series = await asyncio.to_thread(
            calendar.window, first, last, unmonitored, parse_tags(tags)
        )
        return await asyncio.to_thread(render, episodes, series, includeSeries, includeEpisodeFile)

    @router.get("/calendar/{episode_id}")
    async def get_calendar(episode_id: int) -> dict[str, Any]:
        episode = await asyncio.to_thread(store.episode, episode_id)
        if episode is None:
            raise ApiError(404, f"Episode with ID {episode_id} does not exist")
        found = await asyncio.to_thread(store.get, episode.series_id)
        series = {found.id: found} if found is not None else {}
        return (await asyncio.to_thread(render, [episode], series, True, True))[0]

    return router
