"""The SABnzbd API: one URL, ``mode`` picks the handler (like SABnzbd's own dispatch table).

Replies follow SABnzbd's shapes and types exactly where the managers read them (sizes in MB
as strings, ``timeleft`` as ``H:MM:SS``, ``status`` strings), and errors are
``{"status": false, "error": "..."}`` with the texts clients match on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from mediastack.core.http import ServiceContext, context_of
from mediastack.core.http.security import client_address

SABNZBD_VERSION = "4.5.1"
MIB = 1024 * 1024
GIB = 1024 * MIB

Handler = Callable[[ServiceContext, dict[str, str]], dict[str, Any]]

# Modes SABnzbd answers without a key.
_OPEN_MODES = frozenset({"version", "auth"})


def _error(message: str) -> JSONResponse:
    return JSONResponse({"status": False, "error": message})


def _key_error(message: str) -> PlainTextResponse:
    """Key failures are plain text with 200, as SABnzbd sends them and clients match them."""
    return PlainTextResponse(message)


def _disk(path: Path) -> tuple[float, float]:
    """(total GB, free GB) as SABnzbd reports them."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    stats = os.statvfs(probe)
    return stats.f_blocks * stats.f_frsize / GIB, stats.f_bavail * stats.f_frsize / GIB


def _complete_dir(ctx: ServiceContext) -> Path:
    return ctx.settings.downloads_dir / "usenet"


def _incomplete_dir(ctx: ServiceContext) -> Path:
    return ctx.settings.downloads_dir / "usenet" / "incomplete"


def _categories(ctx: ServiceContext) -> list[dict[str, Any]]:
    configured = ctx.settings.service.get("categories") or ["tv", "movies", "music"]
    cats = [{"name": "*", "order": 0, "pp": "3", "script": "None", "dir": "", "priority": 0}]
    for order, name in enumerate(configured, start=1):
        cats.append(
            {
                "name": name,
                "order": order,
                "pp": "",
                "script": "Default",
                "dir": name,
                "priority": -100,
            }
        )
    return cats


def _header(ctx: ServiceContext) -> dict[str, Any]:
    total1, free1 = _disk(_incomplete_dir(ctx))
    total2, free2 = _disk(_complete_dir(ctx))
    return {
        "version": SABNZBD_VERSION,
        "paused": False,
        "pause_int": "0",
        "paused_all": False,
        "diskspace1": f"{free1:.2f}",
        "diskspace2": f"{free2:.2f}",
        "diskspace1_norm": f"{free1:.1f} G",
        "diskspace2_norm": f"{free2:.1f} G",
        "diskspacetotal1": f"{total1:.2f}",
        "diskspacetotal2": f"{total2:.2f}",
        "speedlimit": "100",
        "speedlimit_abs": "0",
        "have_warnings": "0",
        "finishaction": None,
        "quota": "0 ",
        "have_quota": False,
        "left_quota": "0 ",
        "cache_art": "0",
        "cache_size": "0 B",
    }


def mode_version(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    return {"version": SABNZBD_VERSION}


def mode_queue(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    start = int(params.get("start") or 0)
    limit = int(params.get("limit") or 0)
    queue = _header(ctx) | {
        "kbpersec": "0.00",
        "speed": "0 ",
        "mbleft": "0.00",
        "mb": "0.00",
        "sizeleft": "0 B",
        "size": "0 B",
        "noofslots_total": 0,
        "noofslots": 0,
        "start": start,
        "limit": limit,
        "finish": start + limit,
        "status": "Idle",
        "timeleft": "0:00:00",
        "slots": [],
    }
    return {"queue": queue}


def mode_history(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    return {
        "history": {
            "noofslots": 0,
            "ppslots": 0,
            "day_size": "0 ",
            "week_size": "0 ",
            "month_size": "0 ",
            "total_size": "0 ",
            "last_history_update": 0,
            "slots": [],
        }
    }


def mode_get_cats(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    return {"categories": [c["name"] for c in _categories(ctx)]}


def mode_get_config(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    misc = {
        "complete_dir": str(_complete_dir(ctx).resolve()),
        "download_dir": str(_incomplete_dir(ctx).resolve()),
        "tv_categories": ["tv"],
        "enable_tv_sorting": 0,
        "movie_categories": ["movies"],
        "enable_movie_sorting": 0,
        "date_categories": ["tv"],
        "enable_date_sorting": 0,
        "pre_check": 0,
        "history_retention": "",
        "history_retention_option": "all",
        "history_retention_number": 0,
        "api_key": "",
        "nzb_key": "",
    }
    return {"config": {"misc": misc, "categories": _categories(ctx), "servers": [], "sorters": []}}


def mode_fullstatus(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    status = _header(ctx) | {
        "completedir": str(_complete_dir(ctx).resolve()),
        "downloaddir": str(_incomplete_dir(ctx).resolve()),
        "servers": [],
    }
    return {"status": status}


def mode_auth(ctx: ServiceContext, params: dict[str, str]) -> dict[str, Any]:
    return {"auth": "apikey"}


MODES: dict[str, Handler] = {
    "version": mode_version,
    "auth": mode_auth,
    "queue": mode_queue,
    "history": mode_history,
    "get_cats": mode_get_cats,
    "get_config": mode_get_config,
    "fullstatus": mode_fullstatus,
}


def api_router() -> APIRouter:
    router = APIRouter()

    @router.api_route("/api", methods=["GET", "POST"])
    async def api(request: Request) -> Response:
        ctx = context_of(request)
        params = dict(request.query_params.items())
        if request.method == "POST":
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        mode = params.get("mode", "")
        handler = MODES.get(mode)
        if mode not in _OPEN_MODES and not ctx.auth.is_exempt(client_address(request)):
            key = params.get("apikey") or request.headers.get("x-api-key")
            if not key:
                return _key_error("API Key Required")
            if not ctx.auth.api_key_matches(key):
                return _key_error("API Key Incorrect")
        if handler is None:
            return _error("not implemented")
        return JSONResponse(handler(ctx, params))

    return router
