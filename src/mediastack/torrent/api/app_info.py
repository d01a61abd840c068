"""``/api/v2/app``: version, WebAPI version, build info, default save path, shutdown.

``preferences``/``setPreferences`` live in :mod:`.preferences`.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import secrets
import signal
import ssl
import zlib
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse

from mediastack.core.http import ApiError, context_of
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import STATE_KEY, TorrentApiState, api_state
from mediastack.torrent.settings import save_api_preferences

log = logging.getLogger(__name__)

# qBittorrent 5 and WebAPI 2.11: Sonarr and friends use the stop/start names from 2.11 on.
QBITTORRENT_VERSION = "v5.1.2"
WEBAPI_VERSION = "2.11.4"


def _libtorrent_version() -> str:
    try:
        import libtorrent

        return str(libtorrent.__version__)
    except ImportError:  # pragma: no cover - a dependency of the package
        return "unknown"


_KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz"  # qBittorrent's


def _set_api_key(request: Request, key: str) -> None:
    state = api_state(request)
    state.api = state.api.model_copy(update={"web_ui_api_key": key})
    save_api_preferences(state.settings, state.api, {"web_ui_api_key"})
    log.info("WebAPI key %s", "rotated" if key else "deleted")


def app_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/app", dependencies=[Depends(require_session)])

    @router.get("/version", response_class=PlainTextResponse)
    def version() -> str:
        return QBITTORRENT_VERSION

    @router.get("/webapiVersion", response_class=PlainTextResponse)
    def webapi_version() -> str:
        return WEBAPI_VERSION

    @router.get("/buildInfo")
    def build_info() -> dict[str, Any]:
        return {
            "qt": "none",
            "libtorrent": _libtorrent_version(),
            "boost": "none",
            "openssl": ssl.OPENSSL_VERSION.split()[1],
            "zlib": zlib.ZLIB_VERSION,
            "bitness": 64 if platform.architecture()[0] == "64bit" else 32,
            "platform": platform.system().lower(),
        }

    @router.get("/defaultSavePath", response_class=PlainTextResponse)
    def default_save_path(request: Request) -> str:
        state = context_of(request).extras.get(STATE_KEY)
        if isinstance(state, TorrentApiState):
            return str(state.engine.settings.save_path)
        return str(context_of(request).settings.downloads_dir.resolve() / "torrents")

    @router.post("/rotateAPIKey")
    def rotate_api_key(request: Request) -> dict[str, str]:
        """qBittorrent 5.2: a new key for ``Authorization: Bearer``; the old one dies now."""
        key = "qbt_" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(28))
        _set_api_key(request, key)
        return {"apiKey": key}

    @router.post("/deleteAPIKey", response_class=PlainTextResponse)
    def delete_api_key(request: Request) -> str:
        _set_api_key(request, "")
        return ""

    @router.post("/shutdown", response_class=PlainTextResponse)
    async def shutdown() -> str:
        """Stop the service the way its process manager would (SIGTERM), after answering.

        Only when a SIGTERM handler is installed (uvicorn's, in ``mediastack serve``):
        there the engine saves its resume data on the way out. Without one (the service
        embedded in another program) the default action would kill the host, so refuse.
        """
        if not callable(signal.getsignal(signal.SIGTERM)):
            raise ApiError(409, "Shutdown is not available in this process")
        loop = asyncio.get_running_loop()
        loop.call_later(0.2, signal.raise_signal, signal.SIGTERM)
        log.info("shutdown requested through the WebAPI")
        return ""

    return router
