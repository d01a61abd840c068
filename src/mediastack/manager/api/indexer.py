"""``indexer``: Newznab and Torznab indexers, as Prowlarr and the UI manage them.

Prowlarr recognises its own indexers by ``implementation`` and ``baseUrl``, creates them
with ``forceSave=true`` (skipping the connection test) and calls ``indexer/test``, which
must really query the indexer. Without ``forceSave`` a save is tested first, as the
originals do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from fastapi import APIRouter, Depends, Request, Response
from pydantic import ValidationError

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.provider_fields import (
    common,
    fields_resource,
    provider_basics,
)
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.indexers.definitions import create_client, settings_from_fields
from mediastack.manager.indexers.errors import IndexerError
from mediastack.manager.indexers.store import Indexer, IndexerStore

TEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def indexer_resource(indexer: Indexer, flavour: str) -> dict[str, Any]:
    d = indexer.definition
    resource: dict[str, Any] = {
        "enableRss": indexer.enable_rss,
        "enableAutomaticSearch": indexer.enable_automatic_search,
        "enableInteractiveSearch": indexer.enable_interactive_search,
        "supportsRss": d.supports_rss,
        "supportsSearch": d.supports_search,
        "protocol": d.protocol,
        "priority": indexer.priority,
        "downloadClientId": indexer.download_client_id,
        "name": indexer.name,
        "fields": fields_resource(d.fields, indexer.settings),
        "implementationName": d.implementation_name,
        "implementation": d.implementation,
        "configContract": d.config_contract,
        "infoLink": d.info_link,
        "tags": indexer.tags,
        "id": indexer.id,
    }
    if flavour == "sonarr":
        resource["seasonSearchMaximumSingleEpisodeAge"] = (
            indexer.season_search_maximum_single_episode_age
        )
    return resource


def indexer_router(domain: ManagerDomain, store: IndexerStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def from_body(body: Mapping[str, Any], existing: Indexer | None) -> dict[str, Any]:
        basics = provider_basics(body, existing, store.definitions)
        definition, name, tags, settings = (
            basics.definition,
            basics.name,
            basics.tags,
            basics.settings,
        )
        try:
            settings_from_fields(definition, settings)
        except ValidationError as exc:
            raise ApiError(
                400,
                "Invalid indexer settings",
                [
                    FieldError(".".join(str(p) for p in e["loc"]), e["msg"], e.get("input"))
                    for e in exc.errors()
                ],
            ) from exc
        return {
            "name": name,
            "implementation": definition.implementation,
            "enable_rss": bool(common(body, "enableRss", True)),
            "enable_automatic_search": bool(common(body, "enableAutomaticSearch", True)),
            "enable_interactive_search": bool(common(body, "enableInteractiveSearch", True)),
            "priority": int(common(body, "priority", 25)),
            "download_client_id": int(common(body, "downloadClientId", 0)),
            "season_search_maximum_single_episode_age": int(
                common(body, "seasonSearchMaximumSingleEpisodeAge", 0)
            ),
            "settings": settings,
            "tags": tags,
        }

    async def run_test(values: dict[str, Any]) -> None:
        definition = store.definitions[values["implementation"]]
        settings = settings_from_fields(definition, values["settings"])
        async with httpx.AsyncClient(timeout=TEST_TIMEOUT, follow_redirects=True) as http:
            client = create_client(
                definition, settings, name=values["name"], http=http, min_interval=0
            )
            try:
                await client.test(domain.media_kind)
            except IndexerError as exc:
                raise ApiError(
                    400, str(exc), [FieldError(exc.property_name or "baseUrl", str(exc))]
                ) from exc

    def save(values: dict[str, Any], indexer_id: int | None) -> dict[str, Any]:
        try:
            return indexer_resource(store.save(indexer_id=indexer_id, **values), domain.flavour)
        except ValueError as exc:
            raise invalid("name", str(exc), values["name"]) from exc

    @router.get("/indexer")
    def list_indexers() -> list[dict[str, Any]]:
        return [indexer_resource(i, domain.flavour) for i in store.all()]

    @router.get("/indexer/schema")
    def schema() -> list[dict[str, Any]]:
        out = []
        for d in store.definitions.values():
            item: dict[str, Any] = {
                "enableRss": True,
                "enableAutomaticSearch": True,
                "enableInteractiveSearch": True,
                "supportsRss": d.supports_rss,
                "supportsSearch": d.supports_search,
                "protocol": d.protocol,
                "priority": 25,
                "downloadClientId": 0,
                "fields": fields_resource(d.fields, {}),
                "implementationName": d.implementation_name,
                "implementation": d.implementation,
                "configContract": d.config_contract,
                "infoLink": d.info_link,
                "tags": [],
                "presets": [],
            }
            if domain.flavour == "sonarr":
                item["seasonSearchMaximumSingleEpisodeAge"] = 0
            out.append(item)
        return out

    @router.get("/indexer/{indexer_id}")
    def get_indexer(indexer_id: int) -> dict[str, Any]:
        indexer = store.get(indexer_id)
        if indexer is None:
            raise ApiError(404, f"Indexer with ID {indexer_id} does not exist")
        return indexer_resource(indexer, domain.flavour)

    @router.post("/indexer", status_code=201)
    async def add_indexer(request: Request, forceSave: bool = False) -> dict[str, Any]:
        values = from_body(await json_body(request), None)
        if not forceSave and (values["enable_rss"] or values["enable_automatic_search"]):
            await run_test(values)
        return save(values, None)

    @router.put("/indexer/{indexer_id}", status_code=202)
    @router.put("/indexer", status_code=202)
    async def update_indexer(
        request: Request,
        indexer_id: int | None = None,
        forceSave: bool = False,
    ) -> dict[str, Any]:
        body = await json_body(request)
        target = indexer_id if indexer_id is not None else body.get("id")
        existing = store.get(target) if isinstance(target, int) else None
        if existing is None:
            raise ApiError(404, f"Indexer with ID {target} does not exist")
        values = from_body(body, existing)
        if not forceSave and (values["enable_rss"] or values["enable_automatic_search"]):
            await run_test(values)
        return save(values, existing.id)

    @router.delete("/indexer/{indexer_id}")
    def delete_indexer(indexer_id: int) -> Response:
        if not store.delete(indexer_id):
            raise ApiError(404, f"Indexer with ID {indexer_id} does not exist")
        return Response(status_code=200)

    @router.post("/indexer/test")
    async def test_indexer(request: Request) -> Response:
        body = await json_body(request)
        existing = store.get(body["id"]) if isinstance(body.get("id"), int) else None
        await run_test(from_body(body, existing))
        return Response(status_code=200)

    return router
