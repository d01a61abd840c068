"""Loopback stand-ins for what the managers notify: webhook receivers, Emby/Jellyfin, Plex,
an Apprise API server.

They answer the calls the originals make, with the reply shapes recorded in
``shared/data/fixtures/media-servers/README.md`` (the parts the apps read: Emby's
``Items[].Name/Path/ProviderIds`` with provider ids as strings, Plex's
``MediaContainer.version`` and ``MediaContainer.Directory[].key/type/Location[].path``,
204/empty bodies for the refresh calls), and record every request for the tests to check.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True, slots=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


# (status, JSON body or None for an empty body)
Reply = tuple[int, Any]
Route = Callable[[Seen], Reply]


@dataclass
class Recorder:
    """An HTTP server on 127.0.0.1 that records requests and answers from ``routes``
    (``"METHOD /path"`` -> function); anything else is a 404."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Seen) -> Reply:
        route = self.routes.get(f"{request.method} {request.path}")
        if route is None:
            for key, candidate in self.routes.items():
                method, _, prefix = key.partition(" ")
                wild = prefix.endswith("*") and method == request.method
                if wild and request.path.startswith(prefix[:-1]):
                    route = candidate
                    break
        return route(request) if route else (404, {"error": "not found"})

    def requests(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [
                r
                for r in self.seen
                if (method is None or r.method == method) and (path is None or r.path == path)
            ]

    def wait(self, method: str, path: str, count: int = 1, timeout: float = 10.0) -> list[Seen]:
        deadline = time.monotonic() + timeout
        while len(self.requests(method, path)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        found = self.requests(method, path)
        assert len(found) >= count, (method, path, [(r.method, r.path) for r in self.seen])
        return found

    def webhook_events(self, *wanted: str, timeout: float = 20.0) -> dict[str, dict[str, Any]]:
        """The last ``/hook`` event of each wanted ``eventType``, once all have arrived."""
        deadline = time.monotonic() + timeout
        while True:
            events = {
                e.get("eventType"): e for r in self.requests("POST", "/hook") if (e := r.json())
            }
            if set(wanted) <= set(events) or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert set(wanted) <= set(events), (wanted, list(events))
        return {k: v for k, v in events.items() if k in wanted}

    def clear(self) -> None:
        with self._lock:
            self.seen.clear()


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                self.command,
                split.path,
                parse_qs(split.query, keep_blank_values=True),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            with recorder._lock:
                recorder.seen.append(seen)
            status, body = recorder.answer(seen)
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, *_: object) -> None:
            pass

    return Handler


@contextmanager
def recording_server(routes: Mapping[str, Route] | None = None) -> Iterator[Recorder]:
    recorder = Recorder(dict(routes or {}))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


def webhook_receiver() -> AbstractContextManager[Recorder]:
    """Accepts any POST/PUT on ``/hook``."""
    ok: Route = lambda _r: (200, None)  # noqa: E731
    return recording_server({"POST /hook": ok, "PUT /hook": ok})


@dataclass
class JellyfinLibrary:
    """What the fake Emby/Jellyfin holds: its API key and the series items it knows."""

    api_key: str
    items: list[dict[str, Any]] = field(default_factory=list)
    emby: bool = False  # Jellyfin answers /Notifications/Admin with 404


def jellyfin_routes(library: JellyfinLibrary) -> dict[str, Route]:
    def authorised(request: Seen) -> bool:
        return request.headers.get("x-mediabrowser-token") == library.api_key

    def guarded(reply: Callable[[Seen], Reply]) -> Route:
        return lambda r: reply(r) if authorised(r) else (401, None)

    def items(request: Seen) -> Reply:
        year = request.param("years")
        found = [i for i in library.items if year is None or str(i.get("ProductionYear")) == year]
        return 200, {"Items": found, "TotalRecordCount": len(found), "StartIndex": 0}

    return {
        "GET /System/Configuration": guarded(lambda _r: (200, {"EnableUPnP": False})),
        "GET /Items": guarded(items),
        "POST /Library/Media/Updated": guarded(lambda _r: (204, None)),
        "POST /Notifications/Admin": guarded(
            lambda _r: (204, None) if library.emby else (404, None)
        ),
    }


@dataclass
class PlexLibrary:
    token: str
    sections: list[dict[str, Any]] = field(default_factory=list)
    version: str = "1.40.2.8395-c67dce28e"


def plex_routes(library: PlexLibrary) -> dict[str, Route]:
    def guarded(reply: Callable[[Seen], Reply]) -> Route:
        return lambda r: reply(r) if r.param("X-Plex-Token") == library.token else (401, None)

    return {
        "GET /identity": guarded(
            lambda _r: (
                200,
                {"MediaContainer": {"machineIdentifier": "fake-plex", "version": library.version}},
            )
        ),
        "GET /library/sections": guarded(
            lambda _r: (200, {"MediaContainer": {"size": 1, "Directory": library.sections}})
        ),
        "GET /library/sections/*": guarded(lambda _r: (200, None)),
    }


def apprise_routes(keys: set[str]) -> dict[str, Route]:
    """An Apprise API server: stateful ``/notify/{key}`` for known keys, stateless
    ``/notify`` with ``urls``; an unknown key is refused with its JSON explanation."""

    def stateful(request: Seen) -> Reply:
        key = request.path.rsplit("/", 1)[-1]
        if key not in keys:
            return 424, {"error": f"No configuration found for {key}"}
        return 200, None

    def stateless(request: Seen) -> Reply:
        body = request.json() or {}
        return (200, None) if body.get("urls") else (400, {"error": "No URLs specified"})

    return {"POST /notify/*": stateful, "POST /notify": stateless}
