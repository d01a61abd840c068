"""``remotepathmapping``: a download client's view of a folder -> ours (per client host)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.path_mapping_store import (
    MappingError,
    RemotePathMappingStore,
    StoredMapping,
)
from mediastack.manager.download_clients.remote_path_mapping import RemotePathMapping


def resource(stored: StoredMapping) -> dict[str, Any]:
    m = stored.mapping
    return {"id": stored.id, "host": m.host, "remotePath": m.remote_path, "localPath": m.local_path}


def _text(body: dict[str, Any], key: str, default: str) -> str:
    value = body.get(key, default)
    return value if isinstance(value, str) else ("" if value is None else str(value))


def remotepathmapping_router(domain: ManagerDomain, store: RemotePathMappingStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def missing(mapping_id: object) -> ApiError:
        return ApiError(404, f"Remote path mapping with ID {mapping_id} does not exist")

    def save(
        mapping_id: int | None, body: dict[str, Any], base: RemotePathMapping
    ) -> StoredMapping:
        mapping = RemotePathMapping(
            _text(body, "host", base.host),
            _text(body, "remotePath", base.remote_path),
            _text(body, "localPath", base.local_path),
        )
        try:
            saved = store.save(mapping_id, mapping)
        except MappingError as exc:
            field = exc.field[0].upper() + exc.field[1:]
            raise ApiError(400, str(exc), [FieldError(field, str(exc), exc.value)]) from exc
        if saved is None:
            raise missing(mapping_id)
        return saved

    @router.get("/remotepathmapping")
    async def list_mappings() -> list[dict[str, Any]]:
        return [resource(m) for m in await asyncio.to_thread(store.list)]

    @router.get("/remotepathmapping/{mapping_id}")
    async def get_mapping(mapping_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.get, mapping_id)
        if found is None:
            raise missing(mapping_id)
        return resource(found)

    @router.post("/remotepathmapping", status_code=201)
    async def add_mapping(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        empty = RemotePathMapping("", "", "")
        return resource(await asyncio.to_thread(save, None, body, empty))

    @router.put("/remotepathmapping/{mapping_id}", status_code=202)
    @router.put("/remotepathmapping", status_code=202)
    async def update_mapping(request: Request, mapping_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = mapping_id if mapping_id is not None else body.get("id")
        existing = await asyncio.to_thread(store.get, target) if isinstance(target, int) else None
        if existing is None:
            raise missing(target)
        return resource(await asyncio.to_thread(save, existing.id, body, existing.mapping))

    @router.delete("/remotepathmapping/{mapping_id}")
    async def delete_mapping(mapping_id: int) -> Response:
        if not await asyncio.to_thread(store.delete, mapping_id):
            raise missing(mapping_id)
        return Response(status_code=200)

    return router
