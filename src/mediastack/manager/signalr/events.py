"""Where the hub's events come from: command status changes and successful API changes.

Commands report every status change through the queue's listener. Library changes made
through the API are seen on their way out: the response of a successful ``PUT``/``POST`` is
the resource upstream broadcasts, and a ``DELETE`` names the id. Work done inside commands
(refresh, rescan, import, grab) is announced as a ``sync`` of the resource when the command
ends, which makes the UI and Bazarr reload it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediastack.core.jobs import CommandRecord, CommandStatus
from mediastack.manager.api.command import command_resource
from mediastack.manager.signalr.broadcast import Broadcaster

MAX_CAPTURED_BODY = 4 << 20
_MUTATING = frozenset({"POST", "PUT", "DELETE"})


@dataclass(frozen=True)
class LibraryResources:
    """A domain's library resources as upstream names them in events."""

    primary: str  # series, movie, artist
    children: tuple[str, ...]  # episode, album
    files: str  # episodefile, moviefile, trackfile

    @property
    def all(self) -> tuple[str, ...]:
        return (self.primary, *self.children, self.files)


LIBRARY_RESOURCES: dict[str, LibraryResources] = {
    "tv": LibraryResources("series", ("episode",), "episodefile"),
    "movie": LibraryResources("movie", (), "moviefile"),
    "music": LibraryResources("artist", ("album",), "trackfile"),
}


def _changes_queue(name: str) -> bool:
    return (
        name.endswith("Search")
        or name.startswith("Downloaded")
        or name in ("RssSync", "RefreshMonitoredDownloads", "ManualImport")
    )


def _changes_files(name: str) -> bool:
    return name.startswith(("Rescan", "Rename", "Downloaded")) or name == "ManualImport"


def command_events(
    broadcaster: Broadcaster, library: LibraryResources
) -> Callable[[CommandRecord], None]:
    """The queue listener: ``command`` on every change, and what an ended command touched."""

    def on_change(record: CommandRecord) -> None:
        if not broadcaster.has_subscribers:
            return
        broadcaster.publish("command", "updated", command_resource(record))
        if record.status not in (CommandStatus.COMPLETED, CommandStatus.FAILED):
            return
        name = record.name
        if name == "CheckHealth":
            broadcaster.publish("health", "sync")
        if _changes_queue(name):
            broadcaster.publish("queue", "sync")
        if name.startswith("Refresh") and name != "RefreshMonitoredDownloads":
            broadcaster.publish(library.primary, "sync")
        if _changes_files(name):
            broadcaster.publish(library.files, "sync")

    return on_change


class ApiChangeEvents:
    """ASGI middleware announcing successful API changes to library resources and tags.

    It sits inside the compatibility middleware, so paths arrive lower-cased and versioned.
    Nothing is buffered unless someone is connected and the request changes something.
    """

    def __init__(
        self,
        app: ASGIApp,
        broadcaster: Broadcaster,
        prefix: str,
        library: LibraryResources,
    ) -> None:
        self.app = app
        self.broadcaster = broadcaster
        self.library = library
        names = "|".join(re.escape(n) for n in (*library.all, "tag", "queue", "release"))
        self._route = re.compile(
            rf"^{re.escape(prefix.lower())}/(?P<name>{names})(?:/(?P<rest>[^/]+))?/?$"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _MUTATING
            or not self.broadcaster.has_subscribers
        ):
            await self.app(scope, receive, send)
            return
        match = self._route.match(str(scope["path"]).lower())
        if match is None:
            await self.app(scope, receive, send)
            return
        status = 500
        chunks: list[bytes] = []
        size = 0

        async def capture(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and size <= MAX_CAPTURED_BODY:
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                chunks.append(chunk)
            await send(message)

        await self.app(scope, receive, capture)
        if 200 <= status < 300:
            body = b"".join(chunks) if size <= MAX_CAPTURED_BODY else b""
            self._announce(scope["method"], match["name"], match["rest"], body)

    def _announce(self, method: str, name: str, rest: str | None, body: bytes) -> None:
        if name in ("queue", "release"):  # a grab or a removal from the queue
            self.broadcaster.publish("queue", "sync")
            return
        if rest is not None and not rest.isdigit():  # editor, monitor, bulk, import...
            self.broadcaster.publish(name, "sync")
            return
        if method == "DELETE":
            if rest is not None:
                self.broadcaster.publish(name, "deleted", {"id": int(rest)})
            return
        for resource in _resources(body):
            self.broadcaster.publish(name, "updated", resource)


def _resources(body: bytes) -> list[dict[str, Any]]:
    try:
        decoded = json.loads(body) if body else None
    except ValueError:
        return []
    items = decoded if isinstance(decoded, list) else [decoded]
    return [item for item in items if isinstance(item, dict) and "id" in item]
