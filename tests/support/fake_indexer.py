"""A Newznab/Torznab indexer on a loopback port that answers with recorded real responses.

Tests point our wire client at it instead of the internet. Bodies come from
``shared/data/fixtures/{newznab,torznab}/`` (see their README files); a route is
either a fixed body per ``t=`` function or a ``Feed`` whose ``<item>`` elements are paged by
``offset``/``limit`` like a real indexer. Every request is recorded with its arrival time so
tests can check parameters and spacing, and failures can be queued (HTTP 500, 429...).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.support.shared_data import FIXTURES as SHARED_FIXTURES

FIXTURES = SHARED_FIXTURES
NEWZNAB = FIXTURES / "newznab"
TORZNAB = FIXTURES / "torznab"

_ITEM = re.compile(rb"<item>.*?</item>", re.S)


def fixture(name: str) -> bytes:
    """A fixture by file name, looked up in the newznab then the torznab folder."""
    for folder in (NEWZNAB, TORZNAB):
        path = folder / name
        if path.exists():
            return path.read_bytes()
    raise FileNotFoundError(name)


@dataclass
class Feed:
    """An RSS document split into head, items and tail, served a page at a time."""

    head: bytes
    items: list[bytes]
    tail: bytes

    @classmethod
    def from_bytes(cls, body: bytes) -> Feed:
        matches = list(_ITEM.finditer(body))
        if not matches:
            return cls(body, [], b"")
        return cls(
            body[: matches[0].start()],
            [m.group() for m in matches],
            body[matches[-1].end() :],
        )

    def page(self, offset: int, limit: int) -> bytes:
        return self.head + b"\n".join(self.items[offset : offset + limit]) + self.tail


@dataclass(frozen=True)
class RecordedRequest:
    at: float  # time.monotonic() on arrival
    path: str
    params: dict[str, str]


@dataclass(frozen=True)
class CannedResponse:
    status: int
    body: bytes = b""
    content_type: str = "application/rss+xml"
    headers: tuple[tuple[str, str], ...] = ()


Route = bytes | Feed | Callable[[dict[str, str]], bytes | CannedResponse]


@dataclass
class FakeIndexer:
    url: str = ""
    api_key: str | None = None  # when set, other keys get the recorded error 100 document
    routes: dict[str, Route] = field(default_factory=dict)
    queued: list[CannedResponse] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests_for(self, function: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.params.get("t") == function]

    def respond(self, path: str, params: dict[str, str]) -> CannedResponse:
        with self.lock:
            self.requests.append(RecordedRequest(time.monotonic(), path, params))
            if self.queued:
                return self.queued.pop(0)
        if self.api_key is not None and params.get("apikey") != self.api_key:
            return CannedResponse(200, fixture("error_100_incorrect_credentials.xml"))
        route = self.routes.get(params.get("t", ""))
        if route is None:
            return CannedResponse(200, fixture("error_201_incorrect_parameter_t_get.xml"))
        if isinstance(route, Feed):
            offset = int(params.get("offset", "0"))
            limit = int(params.get("limit", "100"))
            return CannedResponse(200, route.page(offset, limit))
        if isinstance(route, bytes):
            return CannedResponse(200, route)
        answer = route(params)
        return answer if isinstance(answer, CannedResponse) else CannedResponse(200, answer)


def _handler(fake: FakeIndexer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            answer = fake.respond(parts.path, dict(parse_qsl(parts.query)))
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_fake_indexer(**kwargs: object) -> Iterator[FakeIndexer]:
    fake = FakeIndexer(**kwargs)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="fake-indexer",
        daemon=True,
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
