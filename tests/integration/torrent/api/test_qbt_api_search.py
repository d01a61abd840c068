"""Search with no plugin installed, and the speed-limit mode: identical on both servers.

Run against our service and a real qbittorrent-nox: the test is right, and so are we.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from .conftest import Server


@contextmanager
def _login(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{server.url}/api/v2", timeout=20) as http:
        login = {"username": server.username, "password": server.password}
        assert http.post("/auth/login", data=login).text == "Ok."
        yield http


def _stopped(http: httpx.Client, job: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 15
    while True:
        rows: list[dict[str, Any]] = http.get("/search/status", params={"id": job}).json()
        if rows[0]["status"] == "Stopped":
            return rows
        assert time.monotonic() < deadline, rows
        time.sleep(0.1)


def test_search_without_plugins_answers_like_qbittorrent(server: Server) -> None:
    with _login(server) as http:
        assert http.get("/search/plugins").json() == []
        start = {"pattern": "ubuntu", "category": "all", "plugins": "all"}
        job = http.post("/search/start", data=start).json()["id"]
        assert isinstance(job, int) and job > 0
        assert _stopped(http, job) == [{"id": job, "status": "Stopped", "total": 0}]
        results = http.get("/search/results", params={"id": job})
        assert results.json() == {"results": [], "status": "Stopped", "total": 0}
        out_of_range = http.get("/search/results", params={"id": job, "offset": 1})
        assert (out_of_range.status_code, out_of_range.text) == (409, "Offset is out of range")
        assert job in [row["id"] for row in http.get("/search/status").json()]
        assert http.post("/search/stop", data={"id": job}).status_code == 200
        assert http.post("/search/delete", data={"id": job}).status_code == 200
        for method, path in (("GET", "/search/status"), ("GET", "/search/results"),
                             ("POST", "/search/stop"), ("POST", "/search/delete")):  # fmt: skip
            where = "params" if method == "GET" else "data"  # qBittorrent reads POST bodies
            gone = http.request(method, path, **{where: {"id": job}})
            assert (gone.status_code, gone.text) == (404, "Not Found"), (method, path)
        assert http.post("/search/start", data={"pattern": "x"}).status_code == 400
        assert http.get("/search/start", params=start).status_code == 405
        assert http.get("/search/categories").status_code == 404  # removed in WebAPI 2.6
        sources = {"sources": "http://127.0.0.1:9/plugin.py"}
        assert http.post("/search/installPlugin", data=sources).status_code == 200
        assert http.get("/search/plugins").json() == []


def test_speed_limits_mode_answers_like_qbittorrent(server: Server) -> None:
    with _login(server) as http:
        assert http.get("/transfer/speedLimitsMode").text == "0"
        assert http.post("/transfer/toggleSpeedLimitsMode").status_code == 200
        assert http.get("/transfer/speedLimitsMode").text == "1"
        assert http.get("/transfer/downloadLimit").text == "10240"  # the alternative default
        bad = http.post("/transfer/setSpeedLimitsMode", data={"mode": "x"})
        assert (bad.status_code, bad.text) == (400, "'mode': invalid argument")
        assert http.get("/transfer/toggleSpeedLimitsMode").status_code == 405
        assert http.post("/transfer/toggleSpeedLimitsMode").status_code == 200
        assert http.get("/transfer/speedLimitsMode").text == "0"
        assert http.get("/transfer/downloadLimit").text == "0"


def test_download_torrent_of_a_result_adds_it(raw: httpx.Client) -> None:
    magnet = "magnet:?xt=urn:btih:" + "ab" * 20 + "&dn=found"
    form = {"torrentUrl": magnet, "pluginName": "none"}
    assert raw.post("/api/v2/search/downloadTorrent", data=form).status_code == 200
    assert [t["hash"] for t in raw.get("/api/v2/torrents/info").json()] == ["ab" * 20]
    assert raw.post("/api/v2/search/downloadTorrent", data={"pluginName": "x"}).status_code == 400
