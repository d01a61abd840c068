"""``moviefile``: the file that holds each movie, as Bazarr and pyarr read it."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import query_ids
from mediastack.movies.api.resources import movie_file_resource
from mediastack.movies.library.store import MovieStore


def moviefile_router(domain: ManagerDomain, store: MovieStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/moviefile")
    async def list_files(
        movieId: Annotated[list[str] | None, Query()] = None,
        movieFileIds: Annotated[list[str] | None, Query()] = None,
    ) -> list[dict[str, Any]]:
        movie_ids = query_ids(movieId, "movieId")
        file_ids = query_ids(movieFileIds, "movieFileIds")
        if movie_ids is None and file_ids is None:
            raise invalid("movieId", "movieId or movieFileIds must be provided")
        if movie_ids is not None:
            files = []
            for movie_id in movie_ids:
                files += await asyncio.to_thread(store.files, movie_id, file_ids)
        else:
            files = await asyncio.to_thread(store.files, None, file_ids)
        return [movie_file_resource(f) for f in files]

    @router.get("/moviefile/{file_id}")
    async def get_file(file_id: int) -> dict[str, Any]:
        files = await asyncio.to_thread(store.files, None, [file_id])
        if not files:
            raise ApiError(404, f"Movie file with ID {file_id} does not exist")
        return movie_file_resource(files[0])

    return router
