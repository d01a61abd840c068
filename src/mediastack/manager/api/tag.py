"""``tag`` and ``tag/detail``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, context_of
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.store import DownloadClientStore
from mediastack.manager.library.index import library_index
from mediastack.manager.tags import Tag, TagLabelError, TagStore


def _resource(tag: Tag) -> dict[str, Any]:
    return {"id": tag.id, "label": tag.label}


def tag_router(domain: ManagerDomain, tags: TagStore, clients: DownloadClientStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def details(tag: Tag, request: Request) -> dict[str, Any]:
        client_ids = [c.id for c in clients.list() if tag.id in c.tags]
        index = library_index(context_of(request))
        items = index.tagged_items().get(tag.id, []) if index else []
        return {
            **_resource(tag),
            "delayProfileIds": [],
            "importListIds": [],
            "notificationIds": [],
            "restrictionIds": [],
            "indexerIds": [],
            "downloadClientIds": client_ids,
            "autoTagIds": [],
            domain.library_ids_field: items,
        }

    @router.get("/tag")
    def list_tags() -> list[dict[str, Any]]:
        return [_resource(t) for t in tags.list()]

    @router.get("/tag/detail")
    def list_details(request: Request) -> list[dict[str, Any]]:
        return [details(t, request) for t in tags.list()]

    @router.get("/tag/detail/{tag_id}")
    def get_detail(tag_id: int, request: Request) -> dict[str, Any]:
        tag = tags.get(tag_id)
        if tag is None:
            raise ApiError(404, f"Tag with ID {tag_id} does not exist")
        return details(tag, request)

    @router.get("/tag/{tag_id}")
    def get_tag(tag_id: int) -> dict[str, Any]:
        tag = tags.get(tag_id)
        if tag is None:
            raise ApiError(404, f"Tag with ID {tag_id} does not exist")
        return _resource(tag)

    @router.post("/tag", status_code=201)
    async def add_tag(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        try:
            return _resource(tags.add(str(body.get("label") or "")))
        except TagLabelError as exc:
            raise invalid("label", str(exc), body.get("label")) from exc

    @router.put("/tag/{tag_id}", status_code=202)
    @router.put("/tag", status_code=202)
    async def update_tag(request: Request, tag_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = tag_id if tag_id is not None else body.get("id")
        if not isinstance(target, int):
            raise invalid("id", "Tag id is required", target)
        try:
            tag = tags.rename(target, str(body.get("label") or ""))
        except TagLabelError as exc:
            raise invalid("label", str(exc), body.get("label")) from exc
        if tag is None:
            raise ApiError(404, f"Tag with ID {target} does not exist")
        return _resource(tag)

    @router.delete("/tag/{tag_id}")
    def delete_tag(tag_id: int) -> Response:
        if not tags.delete(tag_id):
            raise ApiError(404, f"Tag with ID {tag_id} does not exist")
        return Response(status_code=200)

    return router
