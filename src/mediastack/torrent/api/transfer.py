"""``/api/v2/transfer``: session totals and the global speed limits.

Global limits are engine settings, so they go through the same path as
``app/setPreferences`` (applied at once and kept across restarts). There are no
alternative ("turtle") limits: ``speedLimitsMode`` is always 0 and toggling it is refused
with 409 rather than pretending.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import read_params
from mediastack.torrent.api.mapping import transfer_json
from mediastack.torrent.api.preferences import apply_engine_changes


def transfer_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/transfer", dependencies=[Depends(require_session)])

    @router.api_route("/info", methods=["GET", "POST"])
    async def info(request: Request) -> dict[str, Any]:
        return transfer_json(engine_of(request).transfer_info())

    # qBittorrent answers these three as text/plain numbers, not JSON.
    @router.api_route("/speedLimitsMode", methods=["GET", "POST"])
    async def speed_limits_mode(request: Request) -> Response:
        return PlainTextResponse("0")

    @router.post("/toggleSpeedLimitsMode")
    async def toggle_speed_limits_mode(request: Request) -> Response:
        raise ApiError(409, "Alternative speed limits are not supported")

    @router.post("/setSpeedLimitsMode")
    async def set_speed_limits_mode(request: Request) -> Response:
        p = await read_params(request)
        if p.integer("mode") != 0:
            raise ApiError(409, "Alternative speed limits are not supported")
        return PlainTextResponse("")

    @router.api_route("/downloadLimit", methods=["GET", "POST"])
    async def download_limit(request: Request) -> Response:
        return PlainTextResponse(str(engine_of(request).settings.download_rate_limit))

    @router.api_route("/uploadLimit", methods=["GET", "POST"])
    async def upload_limit(request: Request) -> Response:
        return PlainTextResponse(str(engine_of(request).settings.upload_rate_limit))

    @router.post("/setDownloadLimit")
    async def set_download_limit(request: Request) -> Response:
        p = await read_params(request)
        engine_of(request)
        await apply_engine_changes(
            api_state(request), {"download_rate_limit": max(0, p.integer("limit"))}
        )
        return PlainTextResponse("")

    @router.post("/setUploadLimit")
    async def set_upload_limit(request: Request) -> Response:
        p = await read_params(request)
        engine_of(request)
        await apply_engine_changes(
            api_state(request), {"upload_rate_limit": max(0, p.integer("limit"))}
        )
        return PlainTextResponse("")

    @router.post("/banPeers")
    async def ban_peers(request: Request) -> Response:
        raise ApiError(409, "Banning peers is not supported")

    return router
