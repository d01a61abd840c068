"""``moviefile``: the file that holds each movie, as Bazarr and pyarr read it, and the
edits and deletes of Radarr's file screens (``PUT``, ``editor``, ``bulk``) on the engine's
file routes.

A delete moves the file into the recycle bin (or deletes it when none is configured, as
Radarr does) and records ``movieFileDeleted`` with the reason ``Manual`` in history; the
movie becomes missing.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import query_ids
from mediastack.manager.library.file_edits import FileEdits
from mediastack.manager.library.file_removal import FileRemoval, RemovedFile
from mediastack.manager.library.file_routes import FileRoutes, file_write_router
from mediastack.movies.api.resources import movie_file_resource
from mediastack.movies.library.model import MovieFile
from mediastack.movies.library.store import MovieStore


def moviefile_router(
    domain: ManagerDomain,
    store: MovieStore,
    edits: FileEdits,
    removal: FileRemoval,
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def find(file_id: int) -> MovieFile | None:
        files = store.files(None, [file_id])
        return files[0] if files else None

    def removed(file: MovieFile) -> RemovedFile:
        movie = store.get(file.movie_id)
        folder = movie.path if movie is not None else file.path
        quality = movie_file_resource(file)["quality"]
        return RemovedFile(file.path, folder, file.movie_id, [file.movie_id], quality)

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

    routes = FileRoutes(
        "moviefile",
        "movieFileIds",
        "Movie file",
        find,
        movie_file_resource,
        removed,
        edits,
        removal,
        bulk_update=True,
    )
    router.include_router(file_write_router(domain, routes, prefix=""))
    return router
