"""The hub endpoints: ``negotiate`` over HTTP, then the connection itself on a WebSocket.

Only the WebSocket transport with the JSON protocol is offered: it is what Bazarr's client
and the upstream web UI choose. Clients that skip negotiation connect without an ``id``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import time
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from starlette.requests import HTTPConnection
from starlette.responses import Response

from mediastack.core.auth import SESSION_COOKIE
from mediastack.core.http import ApiError, context_of
from mediastack.core.http.security import api_key_from_request, client_address
from mediastack.manager.signalr.broadcast import Broadcaster, Subscription
from mediastack.manager.signalr.protocol import (
    PING,
    FrameReader,
    MessageType,
    ProtocolError,
    close_message,
    completion_error,
    encode,
    handshake_error,
    handshake_response,
    invocation,
    parse,
    parse_handshake,
)

log = logging.getLogger(__name__)

HUB_PATH = "/signalr/messages"
NEGOTIATED_TTL_SECONDS = 60.0
NEGOTIATED_LIMIT = 1024


def hub_authenticated(conn: HTTPConnection) -> bool:
    """``access_token`` (how browsers and Bazarr pass the key to a WebSocket), the API key
    as everywhere else, the UI session cookie, or an exempt subnet."""
    ctx = context_of(conn)  # type: ignore[arg-type]  # only reads .app, as any connection has
    if ctx.auth.is_exempt(client_address(conn)):
        return True
    key = conn.query_params.get("access_token") or api_key_from_request(conn)
    if ctx.auth.api_key_matches(key):
        return True
    return ctx.auth.session_user(conn.cookies.get(SESSION_COOKIE)) is not None


def _new_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


class _Closed(Exception):
    """The connection ends; ``error`` goes into the close message when set."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__(error)
        self.error = error


class MessageHub:
    """Connection bookkeeping and the per-connection protocol loop.

    The intervals are the ASP.NET Core defaults (ping every 15 s, drop a client silent for
    30 s); tests shorten them on the instance.
    """

    def __init__(self, broadcaster: Broadcaster, version: str) -> None:
        self.broadcaster = broadcaster
        self.version = version
        self.keepalive_seconds = 15.0
        self.client_timeout_seconds = 30.0
        self.handshake_timeout_seconds = 15.0
        self._negotiated: dict[str, float] = {}

    # Negotiation --------------------------------------------------------------------------

    def negotiate(self, negotiate_version: int) -> dict[str, Any]:
        version = 1 if negotiate_version >= 1 else 0
        connection_id = _new_id()
        answer: dict[str, Any] = {"negotiateVersion": version, "connectionId": connection_id}
        token = connection_id
        if version >= 1:  # v1 clients send the token, not the id, on the transport URL
            token = answer["connectionToken"] = _new_id()
        answer["availableTransports"] = [{"transport": "WebSockets", "transferFormats": ["Text"]}]
        self._remember(token)
        return answer

    def _remember(self, token: str) -> None:
        now = time.monotonic()
        for stale in [t for t, expiry in self._negotiated.items() if expiry < now]:
            del self._negotiated[stale]
        while len(self._negotiated) >= NEGOTIATED_LIMIT:
            del self._negotiated[next(iter(self._negotiated))]
        self._negotiated[token] = now + NEGOTIATED_TTL_SECONDS

    def claim(self, token: str) -> bool:
        expiry = self._negotiated.pop(token, None)
        return expiry is not None and expiry >= time.monotonic()

    # Connection ---------------------------------------------------------------------------

    async def serve(self, websocket: WebSocket) -> None:
        if not hub_authenticated(websocket):
            await self._refuse(websocket, 401)
            return
        token = websocket.query_params.get("id")
        if token is not None and not self.claim(token):
            await self._refuse(websocket, 404)
            return
        await websocket.accept()
        reader = FrameReader()
        try:
            leftover = await self._handshake(websocket, reader)
        except (_Closed, ProtocolError, TimeoutError, WebSocketDisconnect) as exc:
            log.debug("signalr handshake failed: %s", exc)
            with contextlib.suppress(Exception):
                await websocket.close()
            return
        subscription = self.broadcaster.subscribe()
        subscription.offer(encode(invocation("receiveMessage", self._version_message())))
        error: str | None = None
        writer = asyncio.create_task(self._write(websocket, subscription))
        try:
            await self._read(websocket, reader, subscription, leftover)
        except _Closed as closed:
            error = closed.error
        except ProtocolError as exc:
            error = f"Connection closed with an error. {exc}"
        except WebSocketDisconnect:
            return
        finally:
            self.broadcaster.unsubscribe(subscription)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer
        with contextlib.suppress(Exception):
            await websocket.send_text(close_message(error))
            await websocket.close()

    def _version_message(self) -> dict[str, Any]:
        """Sent on connect, as upstream does, so the UI can notice an upgrade and reload."""
        return {"name": "version", "body": {"version": self.version}}

    async def _refuse(self, websocket: WebSocket, status: int) -> None:
        """An HTTP status where the server can send one, else a close before accepting."""
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(Response(status_code=status))
        else:
            await websocket.close(code=1008)

    async def _receive_text(self, websocket: WebSocket, timeout: float) -> str:
        async with asyncio.timeout(timeout):
            message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        if message.get("text") is not None:
            return str(message["text"])
        try:
            return bytes(message.get("bytes") or b"").decode()
        except UnicodeDecodeError:
            raise ProtocolError("Binary frames must hold UTF-8 JSON text.") from None

    async def _handshake(self, websocket: WebSocket, reader: FrameReader) -> list[str]:
        deadline = time.monotonic() + self.handshake_timeout_seconds
        frames: list[str] = []
        while not frames:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no handshake request")
            frames = reader.feed(await self._receive_text(websocket, remaining))
        first, *rest = frames
        try:
            error = handshake_error(parse_handshake(first))
        except ProtocolError as exc:
            error = str(exc)
        await websocket.send_text(handshake_response(error))
        if error:
            raise _Closed(error)
        return rest

    async def _read(
        self,
        websocket: WebSocket,
        reader: FrameReader,
        subscription: Subscription,
        pending: list[str],
    ) -> None:
        while True:
            for text in pending:
                self._handle(parse(text), subscription)
            try:
                data = await self._receive_text(websocket, self.client_timeout_seconds)
            except TimeoutError:
                raise _Closed(
                    "Server timeout elapsed without receiving a message from the client."
                ) from None
            pending = reader.feed(data)

    def _handle(self, message: dict[str, Any], subscription: Subscription) -> None:
        kind = message.get("type")
        if kind == MessageType.CLOSE:
            raise _Closed()
        if kind in (MessageType.INVOCATION, MessageType.STREAM_INVOCATION):
            invocation_id = message.get("invocationId")
            if isinstance(invocation_id, str):  # the hub has no methods clients may call
                target = message.get("target")
                subscription.offer(
                    completion_error(
                        invocation_id, f"Failed to invoke '{target}': method does not exist."
                    )
                )
        # pings and anything else only prove the client is alive

    async def _write(self, websocket: WebSocket, subscription: Subscription) -> None:
        while True:
            try:
                async with asyncio.timeout(self.keepalive_seconds):
                    frame = await subscription.queue.get()
            except TimeoutError:
                frame = PING
            await websocket.send_text(frame)


def hub_router(hub: MessageHub) -> APIRouter:
    router = APIRouter()

    @router.post(HUB_PATH + "/negotiate")
    def negotiate(request: Request, negotiateVersion: int = 0) -> dict[str, Any]:
        if not hub_authenticated(request):
            raise ApiError(401, "Unauthorized")
        return hub.negotiate(negotiateVersion)

    @router.websocket(HUB_PATH)
    async def connect(websocket: WebSocket) -> None:
        await hub.serve(websocket)

    return router
