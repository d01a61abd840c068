"""``moviefile``: the file that holds each movie, as Bazarr and pyarr read it, and the
edits and deletes of Radarr's file screens (``PUT``, ``editor``, ``bulk``).

A delete moves the file into the recycle bin (or deletes it when none is configured, as
Radarr does) and records ``movieFileDeleted`` with the reason ``Manual`` in history; the
movie becomes missing.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids, query_ids
from mediastack.manager.library.file_edits import FileEdits, file_changes
from mediastack.manager.library.file_removal import FileRemoval, RemovedFile
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

    def missing(file_id: int) -> ApiError:
        return ApiError(404, f"Movie file with ID {file_id} does not exist")

    def one(file_id: int) -> MovieFile:
        files = store.files(None, [file_id])
        if not files:
            raise missing(file_id)
        return files[0]

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
        return movie_file_resource(await asyncio.to_thread(one, file_id))

    def edit(file_ids: list[int], body: dict[str, Any]) -> list[dict[str, Any]]:
        """Checked first (every file exists, every value valid), then written."""
        changes = file_changes("radarr", body)
        for file_id in file_ids:
            one(file_id)
        for file_id in file_ids:
            edits.update(file_id, changes)
        return [movie_file_resource(one(file_id)) for file_id in file_ids]

    def remove(file_id: int) -> None:
        file = one(file_id)
        movie = store.get(file.movie_id)
        quality = movie_file_resource(file)["quality"]
        folder = movie.path if movie is not None else str(file.path)
        removal.remove(RemovedFile(file.path, folder, file.movie_id, [file.movie_id], quality))
        edits.drop(file_id)

    @router.put("/moviefile/editor", status_code=202)
    async def edit_many(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        return await asyncio.to_thread(edit, body_ids(body, "movieFileIds"), body)

    @router.put("/moviefile/bulk", status_code=202)
    async def update_many(request: Request) -> list[dict[str, Any]]:
        try:
            raw = await request.json()
        except ValueError:
            raise ApiError(400, "Request body is not valid JSON") from None
        if not isinstance(raw, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), int) for r in raw
        ):
            raise ApiError(400, "Request body must be a JSON array of movie files with ids")
        for resource in raw:  # all checked before any is written
            file_changes("radarr", resource)
            await asyncio.to_thread(one, resource["id"])
        out = []
        for resource in raw:
            out += await asyncio.to_thread(edit, [resource["id"]], resource)
        return out

    @router.put("/moviefile/{file_id}", status_code=202)
    @router.put("/moviefile", status_code=202)
    async def update(request: Request, file_id: int | None = None) -> dict[str, Any]:
        """P7: the id in the path or, as pyarr sends it, in the body."""
        body = await json_body(request)
        target = file_id if file_id is not None else body.get("id")
        if not isinstance(target, int) or isinstance(target, bool):
            raise invalid("id", "'id' must be the file's id", target)
        [resource] = await asyncio.to_thread(edit, [target], body)
        return resource

    @router.delete("/moviefile/bulk")
    async def delete_many(request: Request) -> dict[str, Any]:
        ids = body_ids(await json_body(request), "movieFileIds")
        for file_id in ids:
            await asyncio.to_thread(one, file_id)
        for file_id in ids:
            await asyncio.to_thread(remove, file_id)
        return {}

    @router.delete("/moviefile/{file_id}")
    async def delete(file_id: int) -> Response:
        await asyncio.to_thread(remove, file_id)
        return Response(status_code=200)

    return router
