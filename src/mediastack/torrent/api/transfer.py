"""``/api/v2/transfer``: session totals, the global limits and the alternative limits.

Limits are engine settings, so they go through the same path as ``app/setPreferences``
(applied at once and kept across restarts). As in qBittorrent, ``downloadLimit`` and
``setDownloadLimit`` read and change the pair in force: the alternative ("turtle") limits
while that mode is on, the global ones otherwise. The three limit reads answer plain-text
numbers, not JSON. ``banPeers`` bans addresses through the same path (the engine setting
behind ``banned_IPs``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import bad_request, read_params
from mediastack.torrent.api.mapping import transfer_json
from mediastack.torrent.api.preferences import apply_engine_changes, banned_addresses


def transfer_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/transfer", dependencies=[Depends(require_session)])

    @router.api_route("/info", methods=["GET", "POST"])
    async def info(request: Request) -> dict[str, Any]:
        return transfer_json(engine_of(request).transfer_info())

    @router.api_route("/speedLimitsMode", methods=["GET", "POST"])
    async def speed_limits_mode(request: Request) -> Response:
        return PlainTextResponse("1" if engine_of(request).settings.alt_speed_enabled else "0")

    @router.post("/toggleSpeedLimitsMode")
    async def toggle_speed_limits_mode(request: Request) -> Response:
        engine = engine_of(request)
        await apply_engine_changes(
            api_state(request), {"alt_speed_enabled": not engine.settings.alt_speed_enabled}
        )
        return PlainTextResponse("")

    @router.post("/setSpeedLimitsMode")
    async def set_speed_limits_mode(request: Request) -> Response:
        p = await read_params(request)
        engine_of(request)
        try:
            mode = int(p.text("mode").strip())
        except ValueError:
            raise bad_request("'mode': invalid argument") from None
        await apply_engine_changes(api_state(request), {"alt_speed_enabled": mode != 0})
        return PlainTextResponse("")

    @router.api_route("/downloadLimit", methods=["GET", "POST"])
    async def download_limit(request: Request) -> Response:
        return PlainTextResponse(str(engine_of(request).settings.effective_rate_limits[0]))

    @router.api_route("/uploadLimit", methods=["GET", "POST"])
    async def upload_limit(request: Request) -> Response:
        return PlainTextResponse(str(engine_of(request).settings.effective_rate_limits[1]))

    @router.post("/setDownloadLimit")
    async def set_download_limit(request: Request) -> Response:
        await _set_limit(request, "download")
        return PlainTextResponse("")

    @router.post("/setUploadLimit")
    async def set_upload_limit(request: Request) -> Response:
        await _set_limit(request, "upload")
        return PlainTextResponse("")

    @router.post("/banPeers")
    async def ban_peers(request: Request) -> Response:
        """Ban the addresses of ``peers`` (``ip:port`` separated by ``|``), for good.

        They join ``banned_IPs`` (kept across restarts); connected peers from them are
        dropped. Entries that are not addresses are skipped, as qBittorrent skips them.
        """
        p = await read_params(request)
        engine = engine_of(request)
        peers = p.text("peers").split("|")
        banned = banned_addresses([*(str(a) for a in engine.settings.banned_ips), *peers])
        await apply_engine_changes(api_state(request), {"banned_ips": banned})
        return PlainTextResponse("")

    return router


async def _set_limit(request: Request, direction: str) -> None:
    """Change the limit in force (alternative or global); 0 or less means unlimited."""
    p = await read_params(request)
    engine = engine_of(request)
    prefix = "alt_" if engine.settings.alt_speed_enabled else ""
    limit = max(0, p.integer("limit"))
    await apply_engine_changes(api_state(request), {f"{prefix}{direction}_rate_limit": limit})
