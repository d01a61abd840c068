"""``downloadclient``: the clients a manager sends releases to, in the originals' shape."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.definitions import ClientDef
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore

_MASK = "********"


def _fields(definition: ClientDef, values: dict[str, Any]) -> list[dict[str, Any]]:
    fields = []
    for order, f in enumerate(definition.fields):
        value = values.get(f.name, f.default)
        if f.privacy in ("password", "apiKey") and value:
            value = _MASK  # never hand a stored secret back to a client
        fields.append(
            {
                "order": order,
                "name": f.name,
                "label": f.label,
                "value": value,
                "type": f.type,
                "advanced": f.advanced,
                "privacy": f.privacy,
                "isFloat": False,
            }
        )
    return fields


def resource(client: DownloadClient) -> dict[str, Any]:
    d = client.definition
    return {
        "enable": client.enable,
        "protocol": d.protocol,
        "priority": client.priority,
        "removeCompletedDownloads": client.remove_completed_downloads,
        "removeFailedDownloads": client.remove_failed_downloads,
        "name": client.name,
        "fields": _fields(d, client.settings),
        "implementationName": d.implementation_name,
        "implementation": d.implementation,
        "configContract": d.config_contract,
        "infoLink": d.info_link,
        "tags": client.tags,
        "id": client.id,
    }


def downloadclient_router(domain: ManagerDomain, store: DownloadClientStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/downloadclient")
    def list_clients(_ctx: Context) -> list[dict[str, Any]]:
        return [resource(c) for c in store.list()]

    @router.get("/downloadclient/schema")
    def schema(_ctx: Context) -> list[dict[str, Any]]:
        return [
            {
                "enable": True,
                "protocol": d.protocol,
                "priority": 1,
                "removeCompletedDownloads": True,
                "removeFailedDownloads": True,
                "fields": _fields(d, {}),
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
    def get_client(client_id: int, _ctx: Context) -> dict[str, Any]:
        client = store.get(client_id)
        if client is None:
            raise ApiError(404, f"Download client with ID {client_id} does not exist")
        return resource(client)

    return router
