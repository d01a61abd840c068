"""``episodefile``: the files in the library (read by Bazarr and exportarr), and deleting them.

A delete moves the file into the recycle bin (or deletes it when none is configured, as
the originals do) and tells the notifications, with the reason ``manual``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids, query_ids
from mediastack.manager.recycle_bin import RecycleBin
from mediastack.tv.api.resources import episode_file_resource
from mediastack.tv.library.service import TvLibrary


def episodefile_router(
    domain: ManagerDomain, library: TvLibrary, recycle_bin: Callable[[], RecycleBin]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store

    def missing(file_id: int) -> ApiError:
        return ApiError(404, f"Episode file with ID {file_id} does not exist")

    @router.get("/episodefile")
    async def list_files(
        seriesId: int | None = None,
        episodeFileIds: Annotated[list[str] | None, Query()] = None,
    ) -> list[dict[str, Any]]:
        ids = query_ids(episodeFileIds, "episodeFileIds")
        if seriesId is None and ids is None:
            raise invalid("seriesId", "seriesId or episodeFileIds must be provided")
        files = await asyncio.to_thread(store.files, seriesId, ids)
        return [episode_file_resource(f) for f in files]

    @router.get("/episodefile/{file_id}")
    async def get_file(file_id: int) -> dict[str, Any]:
        files = await asyncio.to_thread(store.files, None, [file_id])
        if not files:
            raise missing(file_id)
        return episode_file_resource(files[0])

    @router.delete("/episodefile/bulk")
    async def delete_files(request: Request) -> Response:
        ids = body_ids(await json_body(request), "episodeFileIds")
        bin_ = await asyncio.to_thread(recycle_bin)
        for file_id in ids:
            await asyncio.to_thread(library.delete_episode_file, file_id, bin_)
        return Response(status_code=200)

    @router.delete("/episodefile/{file_id}")
    async def delete_file(file_id: int) -> Response:
        bin_ = await asyncio.to_thread(recycle_bin)
        if await asyncio.to_thread(library.delete_episode_file, file_id, bin_) is None:
            raise missing(file_id)
        return Response(status_code=200)

    return router
