"""``qualitydefinition``, ``qualityprofile``, ``customformat`` and ``language``.

The "config-as-code" surface Recyclarr (TRaSH guides) syncs against: GET the schema,
build or update profiles and formats, PUT the definitions in bulk. Thin routes over the
quality stores; the wire shapes live in ``quality_resources``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.quality_resources import (
    definition_from_resource,
    definition_resource,
    format_from_resource,
    format_resource,
    format_schema,
    language_resource,
    profile_from_resource,
    profile_resource,
    profile_schema,
)
from mediastack.manager.api.resources import json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.quality.languages import api_order
from mediastack.manager.quality.languages import by_id as language_by_id
from mediastack.manager.quality.store import (
    SIZE_LIMITS,
    CustomFormatStore,
    ProfileInUseError,
    ProfileStore,
    QualityDefinitionStore,
    QualityValidationError,
)


def _invalid(exc: QualityValidationError) -> NoReturn:
    """The originals' 400: an array of ``{propertyName, errorMessage, attemptedValue}``."""
    raise ApiError(400, str(exc), [FieldError(f, m, v) for f, m, v in exc.errors]) from exc


def _target_id(path_id: int | None, body: dict[str, Any], what: str) -> int:
    """PUT takes the id from the path or, as clients also send it, from the body."""
    target = path_id if path_id is not None else body.get("id")
    if not isinstance(target, int) or isinstance(target, bool):
        raise ApiError(400, f"{what} id is required", [FieldError("id", "Id is required", target)])
    return target


def quality_router(
    domain: ManagerDomain,
    definitions: QualityDefinitionStore,
    profiles: ProfileStore,
    formats: CustomFormatStore,
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    app = domain.flavour

    # -- qualitydefinition --

    def current_definitions() -> dict[int, Any]:
        return {d.quality.id: d for d in definitions.all()}

    @router.get("/qualitydefinition")
    def list_definitions() -> list[dict[str, Any]]:
        return [definition_resource(app, d) for d in definitions.all()]

    @router.put("/qualitydefinition/update", status_code=202)
    async def update_definitions(request: Request) -> list[dict[str, Any]]:
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Request body is not valid JSON") from None
        if not isinstance(body, list):
            raise ApiError(400, "Request body must be a JSON array")
        current = current_definitions()
        try:
            changed = [
                definition_from_resource(app, item, current)
                for item in body
                if isinstance(item, dict)
            ]
            definitions.update(changed)
        except QualityValidationError as exc:
            _invalid(exc)
        return list_definitions()

    limit = SIZE_LIMITS[app]
    if limit is not None:  # Lidarr has no limits route

        @router.get("/qualitydefinition/limits")
        def get_limits() -> dict[str, int]:
            return {"min": 0, "max": limit}

    @router.get("/qualitydefinition/{definition_id}")
    def get_definition(definition_id: int) -> dict[str, Any]:
        for d in definitions.all():
            resource = definition_resource(app, d)
            if resource["id"] == definition_id:
                return resource
        raise ApiError(404, f"Quality definition with ID {definition_id} does not exist")

    @router.put("/qualitydefinition/{definition_id}", status_code=202)
    @router.put("/qualitydefinition", status_code=202)
    async def update_definition(
        request: Request, definition_id: int | None = None
    ) -> dict[str, Any]:
        body = await json_body(request)
        target = _target_id(definition_id, body, "Quality definition")
        get_definition(target)  # 404 for an unknown id
        try:
            changed = definition_from_resource(app, body, current_definitions(), target)
            definitions.update([changed])
        except QualityValidationError as exc:
            _invalid(exc)
        return get_definition(target)

    # -- qualityprofile --

    def format_names() -> dict[int, str]:
        return {f.id: f.name for f in formats.records()}

    @router.get("/qualityprofile")
    def list_profiles() -> list[dict[str, Any]]:
        names = format_names()
        return [profile_resource(app, r, names) for r in profiles.records()]

    @router.get("/qualityprofile/schema")
    def get_profile_schema() -> dict[str, Any]:
        names = format_names()
        return profile_resource(app, profile_schema(app, list(names)), names)

    @router.get("/qualityprofile/{profile_id}")
    def get_profile(profile_id: int) -> dict[str, Any]:
        record = profiles.record(profile_id)
        if record is None:
            raise ApiError(404, f"Quality profile with ID {profile_id} does not exist")
        return profile_resource(app, record, format_names())

    @router.post("/qualityprofile", status_code=201)
    async def add_profile(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        try:
            profile, language = profile_from_resource(app, body)
            record = profiles.add(profile, language)
        except QualityValidationError as exc:
            _invalid(exc)
        return profile_resource(app, record, format_names())

    @router.put("/qualityprofile/{profile_id}", status_code=202)
    @router.put("/qualityprofile", status_code=202)
    async def update_profile(request: Request, profile_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = _target_id(profile_id, body, "Quality profile")
        try:
            profile, language = profile_from_resource(app, body)
            record = profiles.update(target, profile, language)
        except QualityValidationError as exc:
            _invalid(exc)
        if record is None:
            raise ApiError(404, f"Quality profile with ID {target} does not exist")
        return profile_resource(app, record, format_names())

    @router.delete("/qualityprofile/{profile_id}")
    def delete_profile(profile_id: int) -> Response:
        try:
            deleted = profiles.delete(profile_id)
        except ProfileInUseError as exc:
            raise ApiError(400, str(exc)) from exc
        if not deleted:
            raise ApiError(404, f"Quality profile with ID {profile_id} does not exist")
        return Response(status_code=200)

    # -- customformat --

    @router.get("/customformat")
    def list_formats() -> list[dict[str, Any]]:
        return [format_resource(app, r) for r in formats.records()]

    @router.get("/customformat/schema")
    def get_format_schema() -> list[dict[str, Any]]:
        return format_schema(app)

    @router.get("/customformat/{format_id}")
    def get_format(format_id: int) -> dict[str, Any]:
        record = formats.record(format_id)
        if record is None:
            raise ApiError(404, f"Custom format with ID {format_id} does not exist")
        return format_resource(app, record)

    @router.post("/customformat", status_code=201)
    async def add_format(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        try:
            name, include, specs = format_from_resource(app, body)
            record = formats.add(name, include, specs)
        except QualityValidationError as exc:
            _invalid(exc)
        return format_resource(app, record)

    @router.put("/customformat/{format_id}", status_code=202)
    @router.put("/customformat", status_code=202)
    async def update_format(request: Request, format_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = _target_id(format_id, body, "Custom format")
        try:
            name, include, specs = format_from_resource(app, body)
            record = formats.update(target, name, include, specs)
        except QualityValidationError as exc:
            _invalid(exc)
        if record is None:
            raise ApiError(404, f"Custom format with ID {target} does not exist")
        return format_resource(app, record)

    @router.delete("/customformat/{format_id}")
    def delete_format(format_id: int) -> Response:
        if not formats.delete(format_id):
            raise ApiError(404, f"Custom format with ID {format_id} does not exist")
        return Response(status_code=200)

    # -- language --

    @router.get("/language")
    def list_languages() -> list[dict[str, Any]]:
        return [language_resource(lang) for lang in api_order(app)]

    @router.get("/language/{language_id}")
    def get_language(language_id: int) -> dict[str, Any]:
        lang = language_by_id(app, language_id)
        if lang is None:
            raise ApiError(404, f"Language with ID {language_id} does not exist")
        return language_resource(lang)

    return router
