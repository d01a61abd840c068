"""``/api/v2/log``: the recent messages of the torrent service, as qBittorrent's log.

qBittorrent keeps an in-memory ring of messages with increasing ids; the WebUI and
dashboards poll ``log/main?last_known_id=N`` for newer ones. We keep the same ring, filled
from the ``mediastack.torrent`` loggers (INFO and up) and from engine events, so what the
service did (added, finished, refused a .torrent) is visible without shell access.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

from fastapi import APIRouter, Depends, Request

from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state
from mediastack.torrent.api.forms import read_params

# qBittorrent's Log::MsgType bits.
NORMAL, INFO, WARNING, CRITICAL = 1, 2, 4, 8


class LogBuffer(logging.Handler):
    """A bounded, thread-safe ring of ``{id, message, timestamp, type}`` records.

    It is also a logging handler, so it can be attached to the service's loggers; the
    engine's alert thread and the request threads may both add to it.
    """

    def __init__(self, capacity: int = 1000) -> None:
        super().__init__(level=logging.INFO)
        self._items: deque[dict[str, Any]] = deque(maxlen=capacity)
        self._next_id = 0
        self._guard = threading.Lock()

    def add(self, message: str, kind: int = NORMAL) -> None:
        with self._guard:
            self._items.append(
                {
                    "id": self._next_id,
                    "message": message,
                    "timestamp": int(time.time() * 1000),
                    "type": kind,
                }
            )
            self._next_id += 1

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            kind = CRITICAL
        elif record.levelno >= logging.WARNING:
            kind = WARNING
        else:
            kind = INFO
        try:
            self.add(record.getMessage(), kind)
        except Exception:  # a logging handler must never raise into the caller
            self.handleError(record)

    def since(self, last_known_id: int, kinds: int) -> list[dict[str, Any]]:
        with self._guard:
            return [
                dict(item)
                for item in self._items
                if item["id"] > last_known_id and item["type"] & kinds
            ]


def log_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/log", dependencies=[Depends(require_session)])

    @router.api_route("/main", methods=["GET", "POST"])
    async def main(request: Request) -> list[dict[str, Any]]:
        params = await read_params(request)
        kinds = 0
        for name, bit in (
            ("normal", NORMAL),
            ("info", INFO),
            ("warning", WARNING),
            ("critical", CRITICAL),
        ):
            if params.boolean(name, True):
                kinds |= bit
        last = params.integer("last_known_id", -1)
        return api_state(request).log.since(last, kinds)

    @router.api_route("/peers", methods=["GET", "POST"])
    async def peers(request: Request) -> list[dict[str, Any]]:
        """Banned/blocked peer events: we keep none (no IP filter), so always empty."""
        await read_params(request)
        return []

    return router
