"""``config/naming`` (GET, PUT with or without the id, ``examples``) and
``config/mediamanagement`` (GET, PUT), for any domain's sections."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Body, Depends, Request

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.media_config.store import ConfigValidationError, query_value


class Resource(Protocol):
    def resource(self) -> dict[str, Any]: ...


class ConfigSections(Protocol):
    """What a domain's settings store offers the routes."""

    def naming(self) -> Any: ...

    def naming_from(self, body: Mapping[str, Any]) -> Any:
        """The stored naming with the client's fields applied and checked (not saved)."""
        ...

    def save_naming(self, body: Mapping[str, Any]) -> Any: ...

    def media_management(self) -> Any: ...

    def save_media_management(self, body: Mapping[str, Any]) -> Any: ...


def _invalid(exc: ConfigValidationError) -> ApiError:
    return ApiError(400, str(exc), [FieldError(f, m, v) for f, m, v in exc.errors])


def _section_routes(
    router: APIRouter,
    path: str,
    read: Callable[[], Resource],
    save: Callable[[Mapping[str, Any]], Resource],
) -> None:
    @router.get(path)
    @router.get(path + "/{config_id:int}")
    async def get_section(config_id: int = 1) -> dict[str, Any]:
        return (await asyncio.to_thread(read)).resource()

    @router.put(path, status_code=202)
    @router.put(path + "/{config_id}", status_code=202)
    async def put_section(
        body: Annotated[dict[str, Any], Body()], config_id: str = "1"
    ) -> dict[str, Any]:
        try:
            saved = await asyncio.to_thread(save, body)
        except ConfigValidationError as exc:
            raise _invalid(exc) from exc
        return saved.resource()


def config_router(
    domain: ManagerDomain,
    store: ConfigSections,
    naming_fields: Mapping[str, str],
    examples: Callable[[Any], dict[str, Any]],
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/config/naming/examples")
    async def naming_examples(request: Request) -> dict[str, Any]:
        """The preview for the formats in the query (the settings page sends its unsaved
        form), falling back to the stored config for anything not sent."""
        current = await asyncio.to_thread(store.naming)
        wanted: dict[str, Any] = {}
        for api_name, attr in naming_fields.items():
            raw = request.query_params.get(api_name)
            if raw is not None:
                wanted[api_name] = query_value(getattr(current, attr), raw)
        try:
            config = await asyncio.to_thread(store.naming_from, wanted)
        except ConfigValidationError as exc:
            raise _invalid(exc) from exc
        return examples(config)

    _section_routes(router, "/config/naming", store.naming, store.save_naming)
    _section_routes(
        router, "/config/mediamanagement", store.media_management, store.save_media_management
    )
    return router
