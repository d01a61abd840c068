"""``downloadclient``: the clients a manager sends releases to, in the originals' shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.provider_fields import (
    common,
    fields_resource,
    provider_basics,
)
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.factory import create_provider
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore


def resource(client: DownloadClient) -> dict[str, Any]:
    d = client.definition
    return {
        "enable": client.enable,
        "protocol": d.protocol,
        "priority": client.priority,
        "removeCompletedDownloads": client.remove_completed_downloads,
        "removeFailedDownloads": client.remove_failed_downloads,
        "name": client.name,
        "fields": fields_resource(d.fields, client.settings),
        "implementationName": d.implementation_name,
        "implementation": d.implementation,
        "configContract": d.config_contract,
        "infoLink": d.info_link,
        "tags": client.tags,
        "id": client.id,
    }


async def run_test(client: DownloadClient, category_field: str) -> None:
    """Connect with the client's settings; failures become the originals' error array."""
    provider = create_provider(client, category_field)
    try:
        failures = await provider.test()
    finally:
        await provider.aclose()
    errors = [f for f in failures if not f.is_warning]
    if errors:
        raise ApiError(
            400,
            "; ".join(f.message for f in errors),
            [FieldError(f.property_name, f.message) for f in errors],
        )


def downloadclient_router(domain: ManagerDomain, store: DownloadClientStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def from_body(body: Mapping[str, Any], existing: DownloadClient | None) -> dict[str, Any]:
        basics = provider_basics(body, existing, store.definitions)
        definition, name, tags, settings = (
            basics.definition,
            basics.name,
            basics.tags,
            basics.settings,
        )
        return {
            "name": name,
            "implementation": definition.implementation,
            "enable": bool(common(body, "enable", True)),
            "priority": int(common(body, "priority", 1)),
            "remove_completed_downloads": bool(common(body, "removeCompletedDownloads", True)),
            "remove_failed_downloads": bool(common(body, "removeFailedDownloads", True)),
            "settings": settings,
            "tags": tags,
        }

    def draft(values: dict[str, Any], client_id: int = 0) -> DownloadClient:
        return DownloadClient(
            id=client_id,
            name=values["name"],
            definition=store.definitions[values["implementation"]],
            enable=values["enable"],
            priority=values["priority"],
            remove_completed_downloads=values["remove_completed_downloads"],
            remove_failed_downloads=values["remove_failed_downloads"],
            settings=values["settings"],
            tags=values["tags"],
        )

    def save(values: dict[str, Any], client_id: int | None) -> dict[str, Any]:
        try:
            return resource(store.save(client_id=client_id, **values))
        except ValueError as exc:
            raise invalid("name", str(exc), values["name"]) from exc

    @router.get("/downloadclient")
    def list_clients() -> list[dict[str, Any]]:
        return [resource(c) for c in store.list()]

    @router.get("/downloadclient/schema")
    def schema() -> list[dict[str, Any]]:
        return [
            {
                "enable": True,
                "protocol": d.protocol,
                "priority": 1,
                "removeCompletedDownloads": True,
                "removeFailedDownloads": True,
                "fields": fields_resource(d.fields, {}),
                "implementationName": d.implementation_name,
                "implementation": d.implementation,
                "configContract": d.config_contract,
                "infoLink": d.info_link,
                "tags": [],
                "presets": [],
            }
            for d in store.definitions.values()
        ]

    @router.get("/downloadclient/{client_id}")
    def get_client(client_id: int) -> dict[str, Any]:
        client = store.get(client_id)
        if client is None:
            raise ApiError(404, f"Download client with ID {client_id} does not exist")
        return resource(client)

    @router.post("/downloadclient", status_code=201)
    async def add_client(request: Request, forceSave: bool = False) -> dict[str, Any]:
        values = from_body(await json_body(request), None)
        if not forceSave and values["enable"]:
            await run_test(draft(values), domain.category_field)
        return save(values, None)

    @router.put("/downloadclient/{client_id}", status_code=202)
    @router.put("/downloadclient", status_code=202)
    async def update_client(
        request: Request,
        client_id: int | None = None,
        forceSave: bool = False,
    ) -> dict[str, Any]:
        body = await json_body(request)
        target = client_id if client_id is not None else body.get("id")
        existing = store.get(target) if isinstance(target, int) else None
        if existing is None:
            raise ApiError(404, f"Download client with ID {target} does not exist")
        values = from_body(body, existing)
        if not forceSave and values["enable"]:
            await run_test(draft(values, existing.id), domain.category_field)
        return save(values, existing.id)

    @router.delete("/downloadclient/{client_id}")
    def delete_client(client_id: int) -> Response:
        if not store.delete(client_id):
            raise ApiError(404, f"Download client with ID {client_id} does not exist")
        return Response(status_code=200)

    @router.post("/downloadclient/test")
    async def test_client(request: Request) -> Response:
        body = await json_body(request)
        existing = store.get(body["id"]) if isinstance(body.get("id"), int) else None
        await run_test(draft(from_body(body, existing)), domain.category_field)
        return Response(status_code=200)

    return router
