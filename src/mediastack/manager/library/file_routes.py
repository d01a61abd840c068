"""The file screens' writes, the same for Radarr's ``moviefile`` and Lidarr's ``trackfile``:
``PUT {route}[/{id}]`` (P7: the id may come in the body, as pyarr sends it),
``PUT {route}/editor``, ``DELETE {route}/{id}`` and ``DELETE {route}/bulk``.

Every id and value is checked before anything is written or removed; a delete recycles
the file and records it in history (``file_removal``), then drops the row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids
from mediastack.manager.library.file_edits import FileEdits, file_changes
from mediastack.manager.library.file_removal import FileRemoval, RemovedFile

F = TypeVar("F")


@dataclass(frozen=True)
class FileRoutes(Generic[F]):
    """What the routes need of a domain's files."""

    route: str  # "moviefile", "trackfile"
    ids_field: str  # "movieFileIds", "trackFileIds"
    label: str  # "Movie file", "Track file" (the 404 message)
    find: Callable[[int], F | None]
    resource: Callable[[F], dict[str, Any]]
    removed: Callable[[F], RemovedFile]  # where it lives and which items it filled
    edits: FileEdits
    removal: FileRemoval
    bulk_update: bool = False  # ``PUT {route}/bulk`` with whole resources (Radarr)


def file_write_router(
    domain: ManagerDomain, files: FileRoutes[Any], prefix: str | None = None
) -> APIRouter:
    """``prefix``: "" to nest the routes in a domain router that has the API prefix."""
    api = domain.api_prefix if prefix is None else prefix
    router = APIRouter(prefix=api, dependencies=[Depends(require_auth)])
    route = f"/{files.route}"

    def one(file_id: int) -> Any:
        found = files.find(file_id)
        if found is None:
            raise ApiError(404, f"{files.label} with ID {file_id} does not exist")
        return found

    def edit(file_ids: Sequence[int], body: dict[str, Any]) -> list[dict[str, Any]]:
        changes = file_changes(domain.flavour, body)
        for file_id in file_ids:
            one(file_id)
        for file_id in file_ids:
            files.edits.update(file_id, changes)
        return [files.resource(one(file_id)) for file_id in file_ids]

    def remove(file_ids: Sequence[int]) -> None:
        found = [one(file_id) for file_id in file_ids]
        for file_id, file in zip(file_ids, found, strict=True):
            files.removal.remove(files.removed(file))
            files.edits.drop(file_id)

    @router.put(f"{route}/editor", status_code=202)
    async def edit_many(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        return await asyncio.to_thread(edit, body_ids(body, files.ids_field), body)

    if files.bulk_update:

        @router.put(f"{route}/bulk", status_code=202)
        async def update_many(request: Request) -> list[dict[str, Any]]:
            try:
                raw = await request.json()
            except ValueError:
                raise ApiError(400, "Request body is not valid JSON") from None
            if not isinstance(raw, list) or not all(
                isinstance(r, dict) and isinstance(r.get("id"), int) for r in raw
            ):
                raise ApiError(400, "Request body must be a JSON array of files with ids")
            for resource in raw:  # all checked before any is written
                file_changes(domain.flavour, resource)
                await asyncio.to_thread(one, resource["id"])
            out = []
            for resource in raw:
                out += await asyncio.to_thread(edit, [resource["id"]], resource)
            return out

    @router.put(f"{route}/{{file_id}}", status_code=202)
    @router.put(route, status_code=202)
    async def update(request: Request, file_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = file_id if file_id is not None else body.get("id")
        if not isinstance(target, int) or isinstance(target, bool):
            raise invalid("id", "'id' must be the file's id", target)
        [resource] = await asyncio.to_thread(edit, [target], body)
        return resource

    @router.delete(f"{route}/bulk")
    async def delete_many(request: Request) -> dict[str, Any]:
        await asyncio.to_thread(remove, body_ids(await json_body(request), files.ids_field))
        return {}

    @router.delete(f"{route}/{{file_id}}")
    async def delete(file_id: int) -> Response:
        await asyncio.to_thread(remove, [file_id])
        return Response(status_code=200)

    return router
