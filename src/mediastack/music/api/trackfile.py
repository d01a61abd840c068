"""``trackfile`` edits and deletes: Lidarr's quality, scene name and release group
corrections (``PUT``, ``editor``) and removing files (``DELETE``, ``bulk``).

A delete moves the file into the recycle bin (deleted without one, as Lidarr), records
``trackFileDeleted`` with the reason ``Manual`` for its album, and leaves its tracks
without a file. The reads (``GET trackfile``) live with the albums and tracks.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids
from mediastack.manager.library.file_edits import FileEdits, file_changes
from mediastack.manager.library.file_removal import FileRemoval, RemovedFile
from mediastack.music.api.resources import track_file_resource
from mediastack.music.library.model import TrackFile
from mediastack.music.library.store import MusicLibraryStore


def trackfile_router(
    domain: ManagerDomain, store: MusicLibraryStore, edits: FileEdits, removal: FileRemoval
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def one(file_id: int) -> TrackFile:
        files = store.files(None, None, [file_id])
        if not files:
            raise ApiError(404, f"Track file with ID {file_id} does not exist")
        return files[0]

    def edit(file_ids: list[int], body: dict[str, Any]) -> list[dict[str, Any]]:
        """Checked first (every file exists, every value valid), then written."""
        changes = file_changes("lidarr", body)
        for file_id in file_ids:
            one(file_id)
        for file_id in file_ids:
            edits.update(file_id, changes)
        return [track_file_resource(one(file_id)) for file_id in file_ids]

    def remove(file_id: int) -> None:
        file = one(file_id)
        artist = store.get(file.artist_id)
        folder = artist.path if artist is not None else file.path
        quality = track_file_resource(file)["quality"]
        removal.remove(RemovedFile(file.path, folder, file.artist_id, [file.album_id], quality))
        edits.drop(file_id)

    @router.put("/trackfile/editor", status_code=202)
    async def edit_many(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        return await asyncio.to_thread(edit, body_ids(body, "trackFileIds"), body)

    @router.put("/trackfile/{file_id}", status_code=202)
    @router.put("/trackfile", status_code=202)
    async def update(request: Request, file_id: int | None = None) -> dict[str, Any]:
        """P7: the id in the path or, as pyarr sends it, in the body."""
        body = await json_body(request)
        target = file_id if file_id is not None else body.get("id")
        if not isinstance(target, int) or isinstance(target, bool):
            raise invalid("id", "'id' must be the file's id", target)
        [resource] = await asyncio.to_thread(edit, [target], body)
        return resource

    @router.delete("/trackfile/bulk")
    async def delete_many(request: Request) -> dict[str, Any]:
        ids = body_ids(await json_body(request), "trackFileIds")
        for file_id in ids:
            await asyncio.to_thread(one, file_id)
        for file_id in ids:
            await asyncio.to_thread(remove, file_id)
        return {}

    @router.delete("/trackfile/{file_id}")
    async def delete(file_id: int) -> Response:
        await asyncio.to_thread(remove, file_id)
        return Response(status_code=200)

    return router
