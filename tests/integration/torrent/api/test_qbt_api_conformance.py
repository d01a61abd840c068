"""Conformance: the calls the managers make, compared with real qBittorrent 4.5.2 answers.

The same sequence runs against our service and against a real ``qbittorrent-nox``; every
answer's shape (status code, content kind, key set, JSON types) is compared with the
recorded exchange in ``shared/data/qbittorrent-webapi``. Values are not compared (hashes,
times and paths differ by nature). The sequence adapts to the server's WebAPI version the
way Sonarr does: 2.11+ says ``stop``/``start``/``stopped`` and ``stoppedDL``, older
servers ``pause``/``resume``/``paused`` and ``pausedDL``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import pytest

from tests.support.shared_data import DATA

from .conftest import Server

RECORDED = DATA / "qbittorrent-webapi"
_HASH = re.compile(r"[0-9a-f]{40}")
pytestmark = pytest.mark.skipif(not RECORDED.is_dir(), reason="shared reference data absent")
Fn = Callable[..., Any]


# ------------------------------------------------------------------ recorded exchanges


@cache
def _exchanges(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((RECORDED / f"{name}.json").read_text())
    return data


def recorded(name: str, index: int = 0) -> dict[str, Any]:
    response: dict[str, Any] = _exchanges(name)[index]["response"]
    return response


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"  # qBittorrent prints 0.0 as 0: int and float are one JSON kind
    return type(value).__name__


def assert_shape(actual: Any, expected: Any, where: str = "$", *, keyed: bool = False) -> None:
    """``actual`` has at least ``expected``'s keys, with the same JSON kinds, recursively.

    ``keyed`` marks a map whose keys are data (hashes, category names): each of its
    values is compared with the first recorded value instead.
    """
    assert _kind(actual) == _kind(expected), f"{where}: {_kind(actual)} != {_kind(expected)}"
    if isinstance(expected, dict):
        if keyed or (expected and all(_HASH.fullmatch(k) for k in expected)):
            if expected and actual:
                sample = next(iter(expected.values()))
                for key, value in actual.items():
                    assert_shape(value, sample, f"{where}[{key}]")
            return
        missing = set(expected) - set(actual)
        assert not missing, f"{where}: missing keys {sorted(missing)}"
        for key, value in expected.items():
            assert_shape(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list) and expected and actual:
        for i, item in enumerate(actual):
            assert_shape(item, expected[0], f"{where}[{i}]")


def assert_like(reply: httpx.Response, name: str, index: int = 0, *, keyed: bool = False) -> Any:
    """Status and content kind as recorded; JSON shape as recorded; returns the body."""
    want = recorded(name, index)
    assert reply.status_code == want["status"], (name, index, reply.status_code, reply.text)
    if want["content_type"].startswith("application/json"):
        assert reply.headers["content-type"].startswith("application/json"), name
        body = reply.json()
        assert_shape(body, want["body"], name, keyed=keyed)
        return body
    assert reply.headers["content-type"].startswith("text/plain"), (name, reply.headers)
    if want["body"] in ("Ok.", "Fails.", "", "Forbidden", "Not Found"):
        assert reply.text == want["body"], (name, reply.text)
    return reply.text


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.strip().lstrip("v").split(".")[:3])


def _poll(probe: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {probe}"
        time.sleep(0.1)


# ------------------------------------------------------------------ the managers' calls


def test_manager_calls_match_qbittorrent(server: Server, payload_factory: Fn) -> None:
    single = payload_factory("single.mkv", [40_000])
    other = payload_factory("other", [20_000, 20_000])
    with httpx.Client(base_url=f"{server.url}/api/v2", timeout=20) as http:
        # Probe and login, exactly as Sonarr's proxy does.
        assert_like(http.get("/app/webapiVersion"), "app_webapiVersion", 0)
        assert_like(http.get("/torrents/info"), "torrents_info", 0)
        bad = http.post("/auth/login", data={"username": server.username, "password": "wrong"})
        assert_like(bad, "auth_login", 0)
        good = http.post(
            "/auth/login", data={"username": server.username, "password": server.password}
        )
        assert_like(good, "auth_login", 1)
        cookie = good.headers["set-cookie"]
        assert cookie.startswith("SID=") and "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower()

        api = _version(assert_like(http.get("/app/webapiVersion"), "app_webapiVersion", 1))
        assert assert_like(http.get("/app/version"), "app_version").startswith("v")
        modern = api >= (2, 11, 0)
        stopped, stop, start = (
            ("stopped", "stop", "start") if modern else ("paused", "pause", "resume")
        )
        prefs = assert_like(http.get("/app/preferences"), "app_preferences")
        assert prefs["queueing_enabled"] is True and prefs["dht"] is False

        # Categories (the connection test creates the manager's category).
        assert_like(http.get("/torrents/categories"), "torrents_categories", 0)
        create = http.post("/torrents/createCategory", data={"category": "tv-sonarr"})
        assert_like(create, "torrents_createCategory", 0)
        again = http.post("/torrents/createCategory", data={"category": "tv-sonarr"})
        assert_like(again, "torrents_createCategory", 2)
        assert again.text == "Unable to create category"
        http.post("/torrents/createCategory", data={"category": "tv-imported"})
        cats = assert_like(http.get("/torrents/categories"), "torrents_categories", 1, keyed=True)
        assert set(cats) == {"tv-sonarr", "tv-imported"}
        assert set(cats["tv-sonarr"]) >= {"name", "savePath"}

        # Adds: an upload (Sonarr fetches the .torrent itself), a magnet, a broken file.
        add = http.post(
            "/torrents/add",
            data={
                "category": "tv-sonarr",
                stopped: "false",
                "sequentialDownload": "true",
                "firstLastPiecePrio": "true",
                "contentLayout": "Original",
            },
            files={"torrents": ("single.mkv.torrent", single.torrent, "application/x-bittorrent")},
        )
        assert_like(add, "torrents_add", 1)
        magnet = http.post("/torrents/add", data={"urls": other.magnet, "category": "tv-sonarr"})
        assert_like(magnet, "torrents_add", 3)
        junk = http.post("/torrents/add", files={"torrents": ("junk.torrent", b"not bencode")})
        assert_like(junk, "torrents_add", 5)
        assert junk.text == "Error: 'junk.torrent' is not a valid torrent file."
        garbage = http.post("/torrents/add", data={"urls": "magnet:?xt=urn:btih:zzz"})
        assert (garbage.status_code, garbage.text) == (200, "Fails.")

        h = single.info_hash
        props = _poll(
            lambda: (r := http.get("/torrents/properties", params={"hash": h})).is_success and r
        )
        assert_like(props, "torrents_properties", 1)
        unknown = http.get("/torrents/properties", params={"hash": "0" * 40})
        assert_like(unknown, "torrents_properties", 2)

        listed = assert_like(
            http.get("/torrents/info", params={"category": "tv-sonarr"}), "torrents_info", 1
        )
        assert {t["hash"] for t in listed} == {h, other.info_hash}
        # qBittorrent briefly reports a relative content_path right after an add.
        row = _poll(
            lambda: next(
                (t for t in http.get("/torrents/info", params={"hashes": h}).json()
                 if t["content_path"].startswith("/")),
                None,
            )
        )  # fmt: skip
        assert row["content_path"] == f"{row['save_path']}/single.mkv"
        assert row["seq_dl"] is True and row["f_l_piece_prio"] is True
        empty = http.get("/torrents/info", params={"category": "no-such-cat"})
        assert assert_like(empty, "torrents_info__emptycat") == []
        one = assert_like(http.get("/torrents/info", params={"hashes": h}), "torrents_info__hashes")
        assert [t["hash"] for t in one] == [h]
        files = assert_like(http.get("/torrents/files", params={"hash": h}), "torrents_files", 1)
        assert files[0]["name"] == "single.mkv"

        # What Sonarr does after an add, then on import and removal.
        limits = {"hashes": h, "ratioLimit": "1.5", "seedingTimeLimit": "60"}
        assert_like(http.post("/torrents/setShareLimits", data=limits), "torrents_setShareLimits")
        assert_like(http.post("/torrents/topPrio", data={"hashes": h}), "torrents_topPrio", 0)
        force = http.post("/torrents/setForceStart", data={"hashes": h, "value": "true"})
        assert_like(force, "torrents_setForceStart", 0)
        forced = http.get("/torrents/info", params={"hashes": h}).json()[0]
        assert forced["force_start"] is True
        http.post("/torrents/setForceStart", data={"hashes": h, "value": "false"})
        tags = http.post("/torrents/addTags", data={"hashes": h, "tags": "sonarr,anime"})
        assert_like(tags, "torrents_addTags")
        assert sorted(assert_like(http.get("/torrents/tags"), "torrents_tags")) == [
            "anime",
            "sonarr",
        ]

        assert_like(http.post(f"/torrents/{stop}", data={"hashes": h}), "torrents_pause")
        stopped_state = "stoppedDL" if modern else "pausedDL"
        _poll(lambda: http.get("/torrents/info", params={"hashes": h}).json()[0]["state"]
              == stopped_state)  # fmt: skip
        assert_like(http.post(f"/torrents/{start}", data={"hashes": h}), "torrents_resume")

        peers = http.post("/torrents/addPeers", data={"hashes": h, "peers": "127.0.0.1:6999"})
        assert_like(peers, "torrents_addPeers", keyed=True)

        nope = http.post("/torrents/setCategory", data={"hashes": h, "category": "nope"})
        assert_like(nope, "torrents_setCategory", 1)
        assert nope.text == "Incorrect category name"
        moved = http.post("/torrents/setCategory", data={"hashes": h, "category": "tv-imported"})
        assert_like(moved, "torrents_setCategory", 0)

        full = assert_like(http.get("/sync/maindata", params={"rid": 0}), "sync_maindata", 0)
        assert full["full_update"] is True
        assert_shape(full["torrents"], recorded("sync_maindata")["body"]["torrents"], keyed=True)
        nxt = http.get("/sync/maindata", params={"rid": full["rid"]}).json()
        assert isinstance(nxt["rid"], int) and not nxt.get("full_update")

        assert_like(http.post("/torrents/recheck", data={"hashes": h}), "torrents_recheck")
        ghost = {"hashes": "f" * 40, "deleteFiles": "true"}
        assert_like(http.post("/torrents/delete", data=ghost), "torrents_delete", 2)
        gone = {"hashes": h, "deleteFiles": "true"}
        assert_like(http.post("/torrents/delete", data=gone), "torrents_delete", 1)
        assert_like(http.post("/auth/logout"), "auth_logout")
        assert_like(http.get("/app/version"), "app_version__afterlogout")


def test_status_codes_for_bad_calls_match_qbittorrent(server: Server) -> None:
    """Error answers the managers and scripts hit, identical on both servers."""
    with httpx.Client(base_url=f"{server.url}/api/v2", timeout=20) as http:
        http.post("/auth/login", data={"username": server.username, "password": server.password})
        ghost = "a" * 40
        cases: list[tuple[str, str, dict[str, str], int]] = [
            ("GET", "/torrents/properties", {}, 400),
            ("GET", "/torrents/files", {"hash": ghost}, 404),
            ("GET", "/torrents/trackers", {"hash": ghost}, 404),
            ("GET", "/torrents/pieceStates", {"hash": ghost}, 404),
            ("GET", "/torrents/webseeds", {"hash": ghost}, 404),
            ("POST", "/torrents/delete", {}, 400),
            ("POST", "/torrents/rename", {"hash": ghost, "name": "x"}, 404),
            ("POST", "/torrents/addTrackers", {"hash": ghost, "urls": "http://t/announce"}, 404),
            ("POST", "/torrents/filePrio", {"hash": ghost, "id": "0", "priority": "1"}, 404),
            ("POST", "/torrents/addPeers", {"hashes": ghost, "peers": "notapeer"}, 400),
            ("POST", "/torrents/createCategory", {"category": ""}, 400),
            ("POST", "/torrents/createCategory", {"category": "a\\b"}, 409),
            ("POST", "/torrents/editCategory", {"category": "nope", "savePath": ""}, 409),
            ("POST", "/torrents/addTags", {"hashes": ghost, "tags": "x"}, 200),
            ("POST", "/torrents/topPrio", {"hashes": ghost}, 200),
            ("POST", "/torrents/add", {}, 200),
            ("POST", "/torrents/add", {"urls": "garbage"}, 200),
            ("GET", "/torrents/pause", {"hashes": "all"}, 405),
            ("GET", "/torrents/info", {"filter": "bogus"}, 200),
            ("GET", "/sync/maindata", {"rid": "abc"}, 200),
        ]
        for method, path, params, status in cases:
            if method == "GET":
                reply = http.get(path, params=params)
            else:
                reply = http.post(path, data=params)
            assert reply.status_code == status, (server.kind, method, path, params, reply.text)
        assert http.get("/torrents/info", params={"filter": "bogus"}).json() == []
        assert http.post("/torrents/add", data={"urls": "garbage"}).text == "Fails."
