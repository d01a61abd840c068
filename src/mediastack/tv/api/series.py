"""``series``: list, get, lookup, add, update, delete, import and the bulk editor.

Adds and refreshes call the metadata provider before anything is written; when it cannot
be reached the client gets a 503 and the library is unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library import api_fields as fields
from mediastack.manager.library.background import BackgroundTasks
from mediastack.manager.library.listing import LibraryListing, ListedItem
from mediastack.tv.api import series_body
from mediastack.tv.api.resources import lookup_resource, series_resource
from mediastack.tv.library.model import Series
from mediastack.tv.library.service import SeriesNotFoundError, TvLibrary
from mediastack.tv.library.store import SeriesExistsError, TvLibraryStore
from mediastack.tv.metadata.models import SeriesInfo


def series_listing(store: TvLibraryStore, url_base: str = "") -> LibraryListing:
    """``GET /series``: each series' resource kept until a write touches it (or one of its
    episodes airs)."""

    def listed(ids: Collection[int] | None) -> Iterator[ListedItem]:
        # one at a time: each resource is encoded and let go before the next is built
        found, stale_at = store.listed(ids)
        for series in found:
            yield ListedItem(series.id, series_resource(series, url_base), stale_at.get(series.id))

    return LibraryListing(store, listed)


def series_router(
    domain: ManagerDomain, library: TvLibrary, url_base: str, listing: LibraryListing | None = None
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store
    background = BackgroundTasks()

    def resource(series: Series) -> dict[str, Any]:
        return series_resource(series, url_base)

    listing = listing or series_listing(store, url_base)

    def existing(series_id: object) -> Series:
        series = store.get(series_id) if isinstance(series_id, int) else None
        return fields.found(series, series_id, "Series")

    def cache_images_later(series_id: int) -> None:
        # best effort: a cover never fails an add
        background.start(
            f"caching covers of series {series_id}", lambda: library.cache_images(series_id)
        )

    async def add_one(body: Mapping[str, Any]) -> Series:
        request = series_body.add_request(body, await asyncio.to_thread(library.root_folders))
        resolving = library.resolve(request.tvmaze_id, request.tvdb_id)
        info = await fields.from_provider(resolving, SeriesNotFoundError)
        options = request.with_folder(info)
        try:
            series = await asyncio.to_thread(library.add, info, options, request.monitor)
        except SeriesExistsError as exc:
            raise invalid("tvdbId", str(exc), body.get("tvdbId")) from exc
        cache_images_later(series.id)
        return series

    @router.get("/series")
    async def list_series(tvdbId: int | None = None) -> Response:
        if tvdbId is not None:
            found = await asyncio.to_thread(store.find, tvdbId)
            return JSONResponse([resource(found)] if found else [])

        return Response(await asyncio.to_thread(listing.get), media_type="application/json")

    @router.get("/series/lookup")
    async def lookup(term: str = "") -> list[dict[str, Any]]:
        results: list[SeriesInfo] = await fields.from_provider(library.lookup(term))
        out = []
        for info in results:
            held = await asyncio.to_thread(store.find, None, info.tvmaze_id)
            out.append(resource(held) if held else lookup_resource(info))
        return out

    @router.post("/series/import")  # a plain 200, unlike POST /series
    async def import_series(request: Request) -> list[dict[str, Any]]:
        return [
            resource(await add_one(item)) for item in await fields.json_items(request, "series")
        ]

    @router.put("/series/editor", status_code=202)
    async def edit_series(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        ids = fields.body_ids(body, "seriesIds")
        changes = fields.editor_changes(body)
        if body.get("seriesType") is not None:
            changes["series_type"] = series_body.choice(
                body, "seriesType", series_body.SERIES_TYPES, "standard"
            )
        if body.get("seasonFolder") is not None:
            changes["season_folder"] = bool(body["seasonFolder"])
        if body.get("monitorNewItems") is not None:
            changes["monitor_new_items"] = series_body.choice(
                body, "monitorNewItems", series_body.NEW_ITEMS, "all"
            )
        new_root = fields.editor_root(body, library.root_folders())
        edited = []
        for series_id in ids:
            series = existing(series_id)
            own = changes | fields.editor_item(body, series, new_root)
            await asyncio.to_thread(store.update, series_id, own)
            edited.append(resource(existing(series_id)))
        return edited

    @router.delete("/series/editor")
    async def delete_many(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        ids = fields.body_ids(body, "seriesIds")
        files, exclude = bool(body.get("deleteFiles")), bool(body.get("addImportListExclusion"))
        for series_id in ids:
            await asyncio.to_thread(library.delete, series_id, files, exclude)
        return {}  # the original answers with an empty object

    @router.get("/series/{series_id}")
    async def get_series(series_id: int) -> dict[str, Any]:
        return resource(await asyncio.to_thread(existing, series_id))

    @router.post("/series", status_code=201)
    async def add_series(request: Request) -> dict[str, Any]:
        return resource(await add_one(await json_body(request)))

    @router.put("/series/{series_id}", status_code=202)
    @router.put("/series", status_code=202)
    async def update_series(request: Request, series_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        series = existing(series_id if series_id is not None else body.get("id"))
        roots = library.root_folders()
        changes = fields.item_changes(body, series, roots, store.paths, "series") | {
            "season_folder": bool(body.get("seasonFolder", series.season_folder)),
            "series_type": series_body.choice(
                body, "seriesType", series_body.SERIES_TYPES, series.series_type
            ),
            "monitor_new_items": series_body.choice(
                body, "monitorNewItems", series_body.NEW_ITEMS, series.monitor_new_items
            ),
        }
        seasons = series_body.season_monitoring(body)
        await asyncio.to_thread(store.update, series.id, changes, seasons)
        return resource(existing(series.id))

    @router.delete("/series/{series_id}")
    async def delete_series(
        series_id: int, deleteFiles: bool = False, addImportListExclusion: bool = False
    ) -> Response:
        deleted = await asyncio.to_thread(
            library.delete, series_id, deleteFiles, addImportListExclusion
        )
        if not deleted:
            raise ApiError(404, f"Series with ID {series_id} does not exist")
        return Response(status_code=200)

    return router
