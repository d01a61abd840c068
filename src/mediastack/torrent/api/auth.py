"""qBittorrent's WebAPI authentication: SID cookies, IP bans, and its CSRF rule.

Clients (Sonarr, Radarr, Lidarr, qbittorrent-api, Homepage) log in with a form, keep the
``SID`` cookie and expect ``403 Forbidden`` on any call without it. Failed logins count
towards a ban, as in qBittorrent, and a request whose Origin/Referer names another host is
refused, which stops a web page in the user's browser from driving the client.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError, ServiceContext, client_address, context_of
from mediastack.torrent.api.deps import STATE_KEY, TorrentApiState

SID_COOKIE = "SID"
BANNED_MESSAGE = "Your IP address has been banned after too many failed authentication attempts."


class SidStore:
    """Server-side sessions: a random SID per login, expiring after idle time."""

    def __init__(self, timeout_seconds: float = 3600, max_sessions: int = 1000) -> None:
        self.timeout = timeout_seconds
        self.max_sessions = max_sessions
        self._sessions: dict[str, float] = {}
        self._lock = threading.Lock()

    def create(self) -> str:
        sid = secrets.token_urlsafe(24)[:32]
        now = time.monotonic()
        with self._lock:
            if len(self._sessions) >= self.max_sessions:
                self._purge(now)
            self._sessions[sid] = now
        return sid

    def touch(self, sid: str | None) -> bool:
        if not sid:
            return False
        now = time.monotonic()
        with self._lock:
            seen = self._sessions.get(sid)
            if seen is None or now - seen > self.timeout:
                self._sessions.pop(sid, None)
                return False
            self._sessions[sid] = now
            return True

    def drop(self, sid: str | None) -> None:
        if sid:
            with self._lock:
                self._sessions.pop(sid, None)

    def _purge(self, now: float) -> None:
        for sid, seen in list(self._sessions.items()):
            if now - seen > self.timeout:
                del self._sessions[sid]
        while len(self._sessions) >= self.max_sessions:
            del self._sessions[min(self._sessions, key=self._sessions.__getitem__)]


def sids(ctx: ServiceContext) -> SidStore:
    store = ctx.extras["sids"]
    assert isinstance(store, SidStore)
    return store


def _same_origin(request: Request) -> bool:
    host = request.headers.get("host", "")
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value and value != "null" and urlsplit(value).netloc.lower() != host.lower():
            return False
    return True


def bearer_key(request: Request) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header (qBittorrent 5.2's API keys)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def _key_matches(ctx: ServiceContext, key: str) -> bool:
    state = ctx.extras.get(STATE_KEY)
    expected = state.api.web_ui_api_key if isinstance(state, TorrentApiState) else ""
    return bool(expected) and secrets.compare_digest(key.encode(), expected.encode())


def require_session(request: Request) -> None:
    """A SID cookie, an exempt subnet, or the API key as a Bearer token.

    As in qBittorrent, a request that offers a key is judged by the key alone (no cookie
    fallback) and skips the Origin/Referer rule, which guards browser sessions.
    """
    ctx = context_of(request)
    key = bearer_key(request)
    if key is not None:
        if _key_matches(ctx, key):
            return
        raise ApiError(403, "Forbidden")
    if not _same_origin(request):
        raise ApiError(401, "Unauthorized")
    if ctx.auth.is_exempt(client_address(request)):
        return
    if sids(ctx).touch(request.cookies.get(SID_COOKIE)):
        return
    raise ApiError(403, "Forbidden")


def auth_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/auth")

    @router.post("/login")
    def login(
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
    ) -> Response:
        ctx = context_of(request)
        address = client_address(request)
        if bearer_key(request) is not None:  # an API key never opens a cookie session
            raise ApiError(403, "Forbidden")
        if not _same_origin(request):
            raise ApiError(401, "Unauthorized")
        if ctx.auth.throttle.is_banned(address):
            raise ApiError(403, BANNED_MESSAGE)
        if not ctx.auth.check_password(username, password):
            ctx.auth.throttle.record_failure(address)
            return PlainTextResponse("Fails.")
        ctx.auth.throttle.record_success(address)
        response = PlainTextResponse("Ok.")
        response.set_cookie(
            SID_COOKIE, sids(ctx).create(), httponly=True, samesite="strict", path="/"
        )
        return response

    @router.post("/logout", dependencies=[Depends(require_session)])
    def logout(request: Request) -> Response:
        if bearer_key(request) is not None:
            raise ApiError(403, "Forbidden")
        ctx = context_of(request)
        sid = request.cookies.get(SID_COOKIE)
        sids(ctx).drop(sid)
        state = ctx.extras.get(STATE_KEY)
        if isinstance(state, TorrentApiState) and sid:
            state.sync.forget(f"sid:{sid}")  # its sync/maindata snapshot dies with it
        response = PlainTextResponse("")
        response.delete_cookie(SID_COOKIE, path="/")
        return response

    return router
