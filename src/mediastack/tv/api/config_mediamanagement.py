"""``config/mediamanagement``: GET and PUT (id optional, as clients send either)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.tv.config import ConfigValidationError, TvConfigStore


def config_mediamanagement_router(domain: ManagerDomain, store: TvConfigStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/config/mediamanagement")
    @router.get("/config/mediamanagement/{config_id:int}")
    async def get_config(config_id: int = 1) -> dict[str, Any]:
        config = await asyncio.to_thread(store.media_management)
        return config.resource()

    @router.put("/config/mediamanagement", status_code=202)
    @router.put("/config/mediamanagement/{config_id}", status_code=202)
    async def put_config(
        body: Annotated[dict[str, Any], Body()],
        config_id: str = "1",
    ) -> dict[str, Any]:
        try:
            saved = await asyncio.to_thread(store.save_media_management, body)
        except ConfigValidationError as exc:
            raise ApiError(400, str(exc), [FieldError(f, m, v) for f, m, v in exc.errors]) from exc
        return saved.resource()

    return router
