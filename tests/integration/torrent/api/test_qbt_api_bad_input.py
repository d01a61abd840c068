"""Hostile and broken input: a clear 4xx (or qBittorrent's ``Fails.``), nothing written
outside the save path, and the service still answering afterwards."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import libtorrent as lt
import pytest

from tests.support.services import RunningService

from .conftest import raw_client

Fn = Callable[..., Any]
URL_CAP = 4096


def _torrent(info: dict[bytes, Any]) -> bytes:
    blob: bytes = lt.bencode({b"info": info})
    return blob


def _hostile_torrents() -> dict[str, bytes]:
    pieces = b"\x00" * 20
    return {
        "traversal.torrent": _torrent(
            {
                b"name": b"show",
                b"piece length": 16384,
                b"pieces": pieces,
                b"files": [{b"length": 10, b"path": [b"..", b"..", b"evil.txt"]}],
            }
        ),
        "absolute.torrent": _torrent(
            {
                b"name": b"show",
                b"piece length": 16384,
                b"pieces": pieces,
                b"files": [{b"length": 10, b"path": [b"/tmp", b"evil.txt"]}],
            }
        ),
        "dotdot-name.torrent": _torrent(
            {b"name": b"..", b"piece length": 16384, b"pieces": pieces, b"length": 10}
        ),
        "separator-name.torrent": _torrent(
            {b"name": b"../evil.txt", b"piece length": 16384, b"pieces": pieces, b"length": 10}
        ),
    }


class _Files(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"nope"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def web() -> Iterator[tuple[str, dict[str, tuple[int, dict[str, str], bytes]]]]:
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}
    handler = type("Files", (_Files,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def capped(tmp_path: Path, start_service: Fn) -> Iterator[RunningService]:
    with start_service(tmp_path / "data", url_max_bytes=URL_CAP) as svc:
        yield svc


@pytest.fixture
def http(capped: RunningService) -> Iterator[httpx.Client]:
    client = raw_client(capped.url)
    try:
        yield client
    finally:
        client.close()


def _files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_broken_and_hostile_torrent_files_are_refused(
    tmp_path: Path, capped: RunningService, http: httpx.Client
) -> None:
    before = _files_under(tmp_path)
    bomb = b"l" * 100_000 + b"e" * 100_000  # nesting far beyond any real torrent
    wide = b"d4:infol" + b"i1e" * 3_100_000 + b"ee"  # millions of tokens
    uploads = {
        "junk.torrent": b"this is not bencode",
        "empty.torrent": b"",
        "truncated.torrent": b"d4:infod4:name3:abc",
        "bomb.torrent": bomb,
        "wide.torrent": wide,
        **_hostile_torrents(),
    }
    for name, data in uploads.items():
        reply = http.post("/api/v2/torrents/add", files={"torrents": (name, data)})
        assert (reply.status_code, reply.text) == (
            415,
            f"Error: '{name}' is not a valid torrent file.",
        ), name
    assert http.get("/api/v2/torrents/info").json() == []
    after = _files_under(tmp_path)
    new = {p for p in after - before if "evil" in p or not p.startswith("data/config")}
    assert new == set(), new  # nothing but our own config/log files was written
    for folder in (tmp_path, tmp_path.parent, tmp_path / "data", tmp_path / "data" / "downloads"):
        assert not (folder / "evil.txt").exists()
    assert http.get("/api/v2/app/version").text == "v5.1.2"  # still answering


def test_garbage_magnets_urls_and_paths(
    capped: RunningService, http: httpx.Client, payload_factory: Fn, web: Any
) -> None:
    base, routes = web
    good = payload_factory("good", [20_000])
    routes["/good.torrent"] = (200, {"Content-Type": "application/x-bittorrent"}, good.torrent)
    routes["/big.torrent"] = (200, {}, b"d" + b"0" * (URL_CAP * 4))
    routes["/redirect"] = (302, {"Location": good.magnet.replace("good", "via-redirect")}, b"")
    routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")

    def add(**form: str) -> str:
        reply = http.post("/api/v2/torrents/add", data=form)
        assert reply.status_code == 200, reply.text
        return reply.text

    for bad in (
        "magnet:?xt=urn:btih:zzz",
        "magnet:?dn=no-hash",
        "magnet:?xt=urn:ed2k:" + "a" * 32,
        "file:///etc/passwd",
        "ftp://127.0.0.1/x.torrent",
        f"{base}/big.torrent",  # larger than url_max_bytes
        f"{base}/missing.torrent",  # 404
        f"{base}/to-file",  # a redirect must not smuggle another scheme in
        "not a url at all",
    ):
        assert add(urls=bad) == "Fails.", bad
    assert http.get("/api/v2/torrents/info").json() == []

    assert add(urls=f"{base}/good.torrent", category="tv") == "Ok."
    assert add(urls=f"{base}/good.torrent") == "Fails."  # a duplicate, as qBittorrent says
    assert [t["hash"] for t in http.get("/api/v2/torrents/info").json()] == [good.info_hash]
    http.post("/api/v2/torrents/delete", data={"hashes": "all", "deleteFiles": "false"})
    assert add(urls=f"{base}/redirect") == "Ok."  # an indexer redirecting to a magnet
    assert http.get("/api/v2/torrents/info").json()[0]["hash"] == good.info_hash

    outside = http.post("/api/v2/torrents/add", data={"urls": good.magnet, "savepath": "/etc"})
    assert outside.status_code == 403
    move = http.post("/api/v2/torrents/setLocation", data={"hashes": "all", "location": "/"})
    assert move.status_code == 403


def test_wrong_form_types_and_unknown_hashes(capped: RunningService, http: httpx.Client) -> None:
    ghost = "b" * 40
    limits = {"hashes": ghost, "seedingTimeLimit": "1"}
    cases: list[tuple[str, dict[str, str], int]] = [
        ("torrents/setShareLimits", {**limits, "ratioLimit": "abc"}, 400),
        ("torrents/setShareLimits", {**limits, "ratioLimit": "nan"}, 400),
        ("torrents/setForceStart", {"hashes": ghost, "value": "maybe"}, 400),
        ("torrents/delete", {"hashes": ghost, "deleteFiles": "yes please"}, 400),
        ("torrents/setDownloadLimit", {"hashes": ghost, "limit": "fast"}, 400),
        ("torrents/filePrio", {"hash": ghost, "id": "0", "priority": "5"}, 400),
        ("torrents/filePrio", {"hash": ghost, "id": "x", "priority": "1"}, 400),
        ("torrents/createCategory", {"category": "z", "ratioLimit": "lots"}, 400),
        ("app/setPreferences", {"json": "not json"}, 400),
        ("app/setPreferences", {"json": "[1, 2]"}, 400),
        ("app/setPreferences", {"json": '{"listen_port": "abc"}'}, 400),
        ("app/setPreferences", {"json": '{"listen_port": 70000}'}, 400),
        ("app/setPreferences", {"json": '{"dht": "sometimes"}'}, 400),
        # unknown hashes in bulk calls are a no-op, as in qBittorrent
        ("torrents/delete", {"hashes": ghost, "deleteFiles": "true"}, 200),
        ("torrents/stop", {"hashes": ghost}, 200),
        ("torrents/start", {"hashes": ghost}, 200),
        ("torrents/recheck", {"hashes": f"{ghost}|not-a-hash"}, 200),
        ("torrents/setShareLimits", {**limits, "ratioLimit": "2"}, 200),
        # single-torrent calls say 404
        ("torrents/rename", {"hash": ghost, "name": "x"}, 404),
        ("torrents/renameFile", {"hash": ghost, "oldPath": "a", "newPath": "b"}, 404),
        ("torrents/editTracker", {"hash": ghost, "origUrl": "http://a", "newUrl": "http://b"}, 404),
    ]  # fmt: skip
    for path, form, status in cases:
        reply = http.post(f"/api/v2/{path}", data=form)
        assert reply.status_code == status, (path, form, reply.text)
        assert reply.headers["content-type"].startswith("text/plain"), path
    for path in ("properties", "trackers", "files", "webseeds", "pieceStates", "pieceHashes"):
        assert http.get(f"/api/v2/torrents/{path}", params={"hash": ghost}).status_code == 404
    info = http.get("/api/v2/torrents/info", params={"limit": "many"})
    assert info.status_code == 400
    assert http.get("/api/v2/app/version").text == "v5.1.2"
