"""``blocklist`` (paged, P8), ``blocklist/<subject>``, ``DELETE blocklist/{id}`` and
``blocklist/bulk``, with the domain's subject and item keys."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, iso, json_body
from mediastack.manager.blocklist import BlocklistEntry
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.api.params import flag, ids
from mediastack.manager.grab.api.presenter import ApiNames, GrabPresenter
from mediastack.manager.grab.service import GrabService
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope


def blocklist_resource(entry: BlocklistEntry, names: ApiNames) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entry.id, names.subject_id: entry.item_id}
    if names.item_ids:
        out[names.item_ids] = list(entry.child_ids)
    return out | {
        "sourceTitle": entry.source_title,
        "languages": entry.languages,
        "quality": entry.quality,
        "customFormats": entry.custom_formats,
        "date": iso(entry.date),
        "protocol": entry.protocol,
        "indexer": entry.indexer,
        "message": entry.message,
    }


def blocklist_router(
    domain: ManagerDomain, service: GrabService[Any, Any], presenter: GrabPresenter[Any, Any]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = service.blocklist
    names = presenter.names

    def render(entries: list[BlocklistEntry], include_subject: bool) -> list[dict[str, Any]]:
        out = []
        for entry in entries:
            resource = blocklist_resource(entry, names)
            subject = presenter.subject_resource(entry.item_id) if include_subject else None
            if subject is not None:
                resource[names.subject] = subject
            out.append(resource)
        return out

    @router.get("/blocklist")
    async def blocklist(
        request: Request,
        page: int = Query(1, ge=1),
        pageSize: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "date",
        sortDirection: str = "descending",
        protocols: list[str] | None = Query(None),  # noqa: B008
    ) -> dict[str, Any]:
        ascending = sortDirection.lower() == "ascending"
        subjects = ids(request, names.subject_ids)
        found = await asyncio.to_thread(
            store.page, page, pageSize, sortKey, ascending, subjects, protocols or []
        )
        records = render(found.records, flag(request, names.include_subject))
        return envelope(page, pageSize, sortKey, not ascending, found.total, records)

    @router.get(f"/blocklist/{names.subject}")
    async def for_subject(request: Request) -> list[dict[str, Any]]:
        subjects = ids(request, names.subject_id)
        if not subjects:
            raise invalid(names.subject_id, f"'{names.subject_id}' is required")
        found = await asyncio.to_thread(store.page, 1, 10_000, "date", False, subjects, [])
        return render(found.records, flag(request, names.include_subject))

    @router.delete("/blocklist/bulk")
    async def delete_bulk(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        chosen = [int(i) for i in body.get("ids") or [] if isinstance(i, int)]
        await asyncio.to_thread(store.delete, chosen)
        return {}

    @router.delete("/blocklist/{entry_id}")
    async def delete_one(entry_id: int) -> dict[str, Any]:
        if not await asyncio.to_thread(store.delete, [entry_id]):
            raise ApiError(404, f"Blocklist item with ID {entry_id} does not exist")
        return {}

    return router
