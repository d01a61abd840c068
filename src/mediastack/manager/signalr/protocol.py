"""The ASP.NET Core SignalR hub protocol, JSON encoding, as clients speak it on a WebSocket.

Every message is a JSON text ended by the record separator 0x1E; one WebSocket frame may hold
several messages, or part of one, so frames are split and reassembled here rather than trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

RECORD_SEPARATOR = "\x1e"
JSON_PROTOCOL = "json"
JSON_PROTOCOL_VERSION = 1


class MessageType(IntEnum):
    INVOCATION = 1
    STREAM_ITEM = 2
    COMPLETION = 3
    STREAM_INVOCATION = 4
    CANCEL_INVOCATION = 5
    PING = 6
    CLOSE = 7


class ProtocolError(ValueError):
    """The peer sent something the hub protocol does not allow; the connection ends."""


def encode(message: Mapping[str, Any]) -> str:
    """One framed message; compact separators keep the many small pushes small."""
    return json.dumps(message, separators=(",", ":"), default=str) + RECORD_SEPARATOR


class FrameReader:
    """Reassembles messages from WebSocket frames that split or join them arbitrarily."""

    def __init__(self, max_pending: int = 1 << 20) -> None:
        self._pending = ""
        self._max_pending = max_pending

    def feed(self, data: str) -> list[str]:
        self._pending += data
        *complete, self._pending = self._pending.split(RECORD_SEPARATOR)
        if len(self._pending) > self._max_pending:
            raise ProtocolError("Message exceeds the maximum size without a record separator.")
        return complete


def parse(text: str) -> dict[str, Any]:
    try:
        message = json.loads(text)
    except ValueError as exc:
        raise ProtocolError(f"Message is not valid JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("Message must be a JSON object.")
    return message


@dataclass(frozen=True, slots=True)
class HandshakeRequest:
    protocol: str
    version: int


def parse_handshake(text: str) -> HandshakeRequest:
    message = parse(text)
    protocol, version = message.get("protocol"), message.get("version")
    if not isinstance(protocol, str) or not isinstance(version, int):
        raise ProtocolError("Handshake request must name a protocol and an integer version.")
    return HandshakeRequest(protocol, version)


def handshake_error(request: HandshakeRequest) -> str | None:
    """Why the server refuses this handshake (in the wording clients log), or None."""
    if request.protocol != JSON_PROTOCOL:
        return f"The protocol '{request.protocol}' is not supported."
    if request.version > JSON_PROTOCOL_VERSION:
        return (
            f"The server does not support version {request.version} of the "
            f"'{request.protocol}' protocol."
        )
    return None


def handshake_response(error: str | None = None) -> str:
    return encode({"error": error} if error else {})


PING = encode({"type": MessageType.PING})


def close_message(error: str | None = None, allow_reconnect: bool = False) -> str:
    message: dict[str, Any] = {"type": MessageType.CLOSE}
    if error:
        message["error"] = error
    if allow_reconnect:
        message["allowReconnect"] = True
    return encode(message)


def invocation(target: str, *arguments: Any) -> dict[str, Any]:
    """A server-to-client call that expects no answer (so it carries no invocationId)."""
    return {"type": MessageType.INVOCATION, "target": target, "arguments": list(arguments)}


def completion_error(invocation_id: str, error: str) -> str:
    return encode({"type": MessageType.COMPLETION, "invocationId": invocation_id, "error": error})
