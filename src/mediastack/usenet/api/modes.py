"""The SABnzbd API: one URL, ``mode`` picks the handler (like SABnzbd's own dispatch table).

Replies follow SABnzbd's shapes and types exactly where the managers read them (sizes in MB
as strings, ``timeleft`` as ``H:MM:SS``, ``status`` strings), and errors are
``{"status": false, "error": "..."}`` with the texts clients match on. Key failures are
plain text with HTTP 200, as SABnzbd sends them. Handlers live in small modules by topic;
this one only checks the key, collects the parameters and dispatches.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.datastructures import UploadFile

from mediastack.core.http import context_of
from mediastack.core.http.security import client_address
from mediastack.usenet.api.add_modes import ADD_MODES
from mediastack.usenet.api.common import SABNZBD_VERSION, ApiCall, ApiError, Handler
from mediastack.usenet.api.config_modes import CONFIG_MODES
from mediastack.usenet.api.history_modes import HISTORY_MODES
from mediastack.usenet.api.queue_modes import QUEUE_MODES
from mediastack.usenet.api.xml_output import to_xml
from mediastack.usenet.settings import UsenetSettings

__all__ = ["MODES", "SABNZBD_VERSION", "api_router"]

log = logging.getLogger(__name__)

MODES: dict[str, Handler] = {**CONFIG_MODES, **QUEUE_MODES, **HISTORY_MODES, **ADD_MODES}

# Modes SABnzbd answers without a key.
_OPEN_MODES = frozenset({"version", "auth"})
_UPLOAD_FIELDS = ("name", "nzbfile")


def _reply(call: ApiCall, data: dict[str, Any]) -> Response:
    """JSON unless the caller asked for ``output=xml`` (SABnzbd answers both)."""
    if call.get("output").strip().lower() == "xml":
        return Response(to_xml(call.get("mode"), data), media_type="text/xml")
    return JSONResponse(data)


def _error(call: ApiCall, message: str, **extra: Any) -> Response:
    return _reply(call, {"status": False, **extra, "error": message})


async def _read_upload(request: Request, call: ApiCall, cap: int) -> str | None:
    """Collect form fields into the parameters and keep the NZB upload (capped)."""
    form = await request.form()
    for key, value in form.multi_items():
        if isinstance(value, str):
            call.params.setdefault(key, value)
        elif isinstance(value, UploadFile) and call.upload is None and key in _UPLOAD_FIELDS:
            data = await value.read(cap + 1)
            if len(data) > cap:
                return f"NZB is larger than the {cap} byte limit"
            call.upload = (value.filename or "upload.nzb", data)
    return None


def api_router() -> APIRouter:
    router = APIRouter()

    @router.api_route("/api", methods=["GET", "POST"])
    async def api(request: Request) -> Response:
        ctx = context_of(request)
        call = ApiCall(ctx=ctx, params=dict(request.query_params.items()))
        if request.method == "POST":
            settings = ctx.extras.get("usenet_settings")
            cap = settings.max_nzb_bytes if isinstance(settings, UsenetSettings) else 1 << 26
            problem = await _read_upload(request, call, cap)
            if problem is not None:
                return _error(call, problem, nzo_ids=[])
        mode = call.get("mode")
        if mode not in _OPEN_MODES and not ctx.auth.is_exempt(client_address(request)):
            key = call.get("apikey") or request.headers.get("x-api-key")
            if not key:
                return PlainTextResponse("API Key Required")
            if not ctx.auth.api_key_matches(key):
                return PlainTextResponse("API Key Incorrect")
        handler = MODES.get(mode)
        if handler is None:
            return _error(call, "not implemented")
        try:
            return _reply(call, await handler(call))
        except ApiError as exc:
            return _error(call, str(exc))

    return router
