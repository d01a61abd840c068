"""``episode``: what Bazarr, exportarr and Seerr read and toggle."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids, query_ids
from mediastack.tv.api.episode_records import render_episodes
from mediastack.tv.library.model import Episode
from mediastack.tv.library.store import TvLibraryStore


def episode_router(domain: ManagerDomain, store: TvLibraryStore, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def render(episodes: list[Episode], with_series: bool, with_file: bool) -> list[dict[str, Any]]:
        return render_episodes(
            store, episodes, url_base, with_series=with_series, with_file=with_file
        )

    def one(episode_id: int) -> dict[str, Any]:
        episode = store.episode(episode_id)
        if episode is None:
            raise ApiError(404, f"Episode with ID {episode_id} does not exist")
        return render([episode], True, True)[0]

    @router.get("/episode")
    async def list_episodes(
        seriesId: int | None = None,
        seasonNumber: int | None = None,
        episodeIds: Annotated[list[str] | None, Query()] = None,
        episodeFileId: int | None = None,
        includeSeries: bool = False,
        includeEpisodeFile: bool = False,
    ) -> list[dict[str, Any]]:
        ids = query_ids(episodeIds, "episodeIds")
        if seriesId is None and ids is None and episodeFileId is None:
            raise invalid("seriesId", "seriesId, episodeIds or episodeFileId must be provided")
        episodes = await asyncio.to_thread(
            store.episodes, seriesId, seasonNumber, ids, episodeFileId
        )
        return await asyncio.to_thread(render, episodes, includeSeries, includeEpisodeFile)

    @router.put("/episode/monitor", status_code=202)
    async def monitor(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        ids = body_ids(body, "episodeIds")
        changed = await asyncio.to_thread(
            store.set_episodes_monitored, ids, bool(body.get("monitored", False))
        )
        episodes = await asyncio.to_thread(store.episodes, None, None, changed)
        return render(episodes, False, False)

    @router.get("/episode/{episode_id}")
    async def get_episode(episode_id: int) -> dict[str, Any]:
        return await asyncio.to_thread(one, episode_id)

    @router.put("/episode/{episode_id}", status_code=202)
    @router.put("/episode", status_code=202)
    async def update_episode(request: Request, episode_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = episode_id if episode_id is not None else body.get("id")
        if not isinstance(target, int) or store.episode(target) is None:
            raise ApiError(404, f"Episode with ID {target} does not exist")
        if "monitored" in body:
            await asyncio.to_thread(store.set_episodes_monitored, [target], bool(body["monitored"]))
        return await asyncio.to_thread(one, target)

    return router
