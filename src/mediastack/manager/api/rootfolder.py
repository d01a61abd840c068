"""``rootfolder``: library folders with free space and the folders not yet in the library."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, context_of
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.index import library_index
from mediastack.manager.root_folders import RootFolder, RootFolderError, RootFolderStore


def _resource(folder: RootFolder) -> dict[str, Any]:
    return {
        "id": folder.id,
        "path": folder.path,
        "accessible": folder.accessible,
        "freeSpace": folder.free_space,
        "totalSpace": folder.total_space,
        "unmappedFolders": [
            {"name": u.name, "path": u.path, "relativePath": u.relative_path}
            for u in folder.unmapped_folders
        ],
    }


def rootfolder_router(domain: ManagerDomain, store: RootFolderStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def mapped(request: Request) -> set[str]:
        index = library_index(context_of(request))
        return index.paths() if index else set()

    @router.get("/rootfolder")
    async def list_folders(request: Request) -> list[dict[str, Any]]:
        folders = await asyncio.to_thread(store.list, await asyncio.to_thread(mapped, request))
        return [_resource(f) for f in folders]

    @router.get("/rootfolder/{folder_id}")
    async def get_folder(folder_id: int, request: Request) -> dict[str, Any]:
        paths = await asyncio.to_thread(mapped, request)
        folder = await asyncio.to_thread(store.get, folder_id, paths)
        if folder is None:
            raise ApiError(404, f"Root folder with ID {folder_id} does not exist")
        return _resource(folder)

    @router.post("/rootfolder", status_code=201)
    async def add_folder(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        path = body.get("path")
        try:
            return _resource(await asyncio.to_thread(store.add, str(path or "")))
        except RootFolderError as exc:
            raise invalid("path", str(exc), path) from exc

    @router.delete("/rootfolder/{folder_id}")
    def delete_folder(folder_id: int) -> Response:
        if not store.delete(folder_id):
            raise ApiError(404, f"Root folder with ID {folder_id} does not exist")
        return Response(status_code=200)

    return router
