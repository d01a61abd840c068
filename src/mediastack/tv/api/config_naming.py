"""``config/naming`` (GET, PUT with or without the id) and ``config/naming/examples``."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.tv.config import ConfigValidationError, TvConfigStore
from mediastack.tv.config.naming import FIELDS
from mediastack.tv.naming import examples


def _invalid(exc: ConfigValidationError) -> ApiError:
    return ApiError(400, str(exc), [FieldError(f, m, v) for f, m, v in exc.errors])


def config_naming_router(domain: ManagerDomain, store: TvConfigStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/config/naming")
    @router.get("/config/naming/{config_id:int}")
    async def get_naming(config_id: int = 1) -> dict[str, Any]:
        config = await asyncio.to_thread(store.naming)
        return config.resource()

    @router.put("/config/naming", status_code=202)
    @router.put("/config/naming/{config_id}", status_code=202)
    async def put_naming(
        body: Annotated[dict[str, Any], Body()],
        config_id: str = "1",
    ) -> dict[str, Any]:
        try:
            saved = await asyncio.to_thread(store.save_naming, body)
        except ConfigValidationError as exc:
            raise _invalid(exc) from exc
        return saved.resource()

    @router.get("/config/naming/examples")
    async def naming_examples(request: Request) -> dict[str, Any]:
        """The preview for the formats in the query (the settings page sends its unsaved
        form), falling back to the stored config for anything not sent."""
        wanted: dict[str, Any] = {}
        for api_name in FIELDS:
            raw = request.query_params.get(api_name)
            if raw is None:
                continue
            if api_name in ("renameEpisodes", "replaceIllegalCharacters"):
                wanted[api_name] = raw.lower() == "true"
            elif api_name in ("colonReplacementFormat", "multiEpisodeStyle"):
                wanted[api_name] = int(raw) if raw.lstrip("-").isdigit() else raw
            else:
                wanted[api_name] = raw
        try:
            config = await asyncio.to_thread(store.naming_from, wanted)
        except ConfigValidationError as exc:
            raise _invalid(exc) from exc
        return examples(config)

    return router
