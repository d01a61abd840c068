"""Categories and tags under ``/api/v2/torrents``, with qBittorrent's status codes.

The managers create their category at connection-test time and read ``savePath`` to find
finished downloads, so the codes matter: an existing category is ``409 Unable to create
category``, ``setCategory`` to an unknown one is ``409 Incorrect category name``. A
category without its own save path downloads to ``<downloads>/torrents/<category>``;
``savePath`` is reported as configured ("" for that default), as qBittorrent does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import confined_path
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import Params, bad_request, read_params
from mediastack.torrent.api.mapping import category_json
from mediastack.torrent.engine import (
    USE_GLOBAL,
    CategoryError,
    ShareLimits,
    TagError,
    TorrentEngine,
)


def _save_path(request: Request, engine: TorrentEngine, raw: str) -> str:
    """A category's save path: "" (default) or a path confined to the downloads tree."""
    if not raw.strip():
        return ""
    downloads = api_state(request).settings.downloads_dir.resolve()
    return str(confined_path(raw, engine, downloads, "savePath"))


def _share_limits(p: Params) -> ShareLimits | None:
    """qBittorrent 5's per-category ``ratioLimit``/``seedingTimeLimit`` (None: not given)."""
    if not p.has("ratioLimit") and not p.has("seedingTimeLimit"):
        return None
    return ShareLimits(
        ratio_limit=p.number("ratioLimit", USE_GLOBAL),
        seeding_time_limit=p.integer("seedingTimeLimit", USE_GLOBAL),
    )


def categories_tags_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/torrents", dependencies=[Depends(require_session)])

    @router.api_route("/categories", methods=["GET", "POST"])
    async def categories(request: Request) -> dict[str, Any]:
        engine = engine_of(request)
        return {name: category_json(c) for name, c in sorted(engine.categories().items())}

    @router.post("/createCategory")
    async def create_category(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        name = p.text("category").strip()
        if not name:
            raise bad_request("Category cannot be empty")
        if name in engine.categories():
            raise ApiError(409, "Unable to create category")
        save_path = _save_path(request, engine, p.text("savePath", ""))
        try:
            engine.create_category(name, save_path, _share_limits(p))
        except CategoryError:
            raise ApiError(409, "Incorrect category name") from None
        return PlainTextResponse("")

    @router.post("/editCategory")
    async def edit_category(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        name = p.text("category").strip()
        if not name:
            raise bad_request("Category cannot be empty")
        save_path = _save_path(request, engine, p.text("savePath", ""))
        if name not in engine.categories():
            raise ApiError(409, "Unable to edit category")
        try:
            engine.edit_category(name, save_path, _share_limits(p))
        except CategoryError:
            raise ApiError(409, "Unable to edit category") from None
        return PlainTextResponse("")

    @router.post("/removeCategories")
    async def remove_categories(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.remove_categories(p.separated("categories", "\n"))
        return PlainTextResponse("")

    @router.post("/setCategory")
    async def set_category(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        hashes = p.hashes()
        category = p.text("category").strip()
        if category and category not in engine.categories():
            raise ApiError(409, "Incorrect category name")
        try:
            engine.set_category(engine.hashes() if hashes is None else hashes, category)
        except CategoryError:
            raise ApiError(409, "Incorrect category name") from None
        return PlainTextResponse("")

    @router.api_route("/tags", methods=["GET", "POST"])
    async def tags(request: Request) -> list[str]:
        return engine_of(request).tags()

    @router.post("/createTags")
    async def create_tags(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        try:
            engine.create_tags(p.separated("tags", ","))
        except TagError as exc:
            raise bad_request(str(exc)) from None
        return PlainTextResponse("")

    @router.post("/deleteTags")
    async def delete_tags(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.delete_tags(p.separated("tags", ","))
        return PlainTextResponse("")

    @router.post("/addTags")
    async def add_tags(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        hashes = p.hashes()
        try:
            engine.add_tags(engine.hashes() if hashes is None else hashes, p.separated("tags", ","))
        except TagError as exc:
            raise bad_request(str(exc)) from None
        return PlainTextResponse("")

    @router.post("/removeTags")
    async def remove_tags(request: Request) -> Response:
        """Without ``tags`` (or with it empty) every tag is removed from the torrents."""
        engine = engine_of(request)
        p = await read_params(request)
        hashes = p.hashes()
        tags = p.separated("tags", ",", "")
        engine.remove_tags(engine.hashes() if hashes is None else hashes, tags or None)
        return PlainTextResponse("")

    return router
