"""A loopback HTTP server for the fake metadata providers (TVmaze, TMDB, MusicBrainz).

Each fake only decides what a GET answers; this serves it on ``127.0.0.1`` at a free port
in a background thread and shuts it down when the ``with`` block ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True, slots=True)
class GetRequest:
    path: str
    pairs: list[tuple[str, str]]  # the query string, in order, blanks kept
    headers: Message

    @property
    def params(self) -> dict[str, str]:
        return dict(self.pairs)


# (status, body, headers); Content-Length is added.
Answer = tuple[int, bytes, Mapping[str, str]]


def _handler(answer: Callable[[GetRequest], Answer]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            pairs = parse_qsl(split.query, keep_blank_values=True)
            status, body, headers = answer(GetRequest(split.path, pairs, self.headers))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    return Handler


@contextmanager
def loopback_server(answer: Callable[[GetRequest], Answer]) -> Iterator[str]:
    """Serve ``answer`` for every GET; yields the base URL (``http://127.0.0.1:<port>``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(answer))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
