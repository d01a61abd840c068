"""Webhook notifications end to end on a running TV service.

A loopback HTTP receiver stands in for autoscan & co. A Webhook connection is added through
the API (schema -> POST, which sends a real Test event), ``notification/test`` delivers a
Test event (and a dead URL is a 400 on ``url``), an EpisodeSearch grab delivers Sonarr's
Grab payload, the completed download's import delivers Download with
``episodeFile.relativePath``, and a dead receiver never breaks a grab.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.grab.conftest import (
    GB,
    GrabEnv,
    Indexer,
    Release,
    configure,
    wait_command,
    with_fields,
)
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import running_fake_sabnzbd
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import clear_mediastack_env

INDEXER_KEY = "c" * 32


class Receiver:
    """A tiny webhook receiver: records every request's method, headers and JSON body."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                with outer._lock:
                    outer.requests.append(
                        {"method": self.command, "headers": dict(self.headers), "body": body}
                    )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = _record

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self, event_type: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if r["body"].get("eventType") == event_type]

    def wait(self, event_type: str, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.events(event_type)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        found = self.events(event_type)
        assert len(found) >= count, (event_type, self.requests)
        return found

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """These tests share one library (the parent package would empty it)."""
    yield


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, tvmaze: FakeTvMaze) -> Iterator[GrabEnv]:
    saved = clear_mediastack_env()
    with running_fake_indexer(api_key=INDEXER_KEY) as fake, running_fake_sabnzbd() as sab:
        indexer = Indexer(fake)
        fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": indexer.tvsearch,
            "search": indexer.tvsearch,
            "get": indexer.get,
        }
        grab_env = GrabEnv(tmp_path_factory.mktemp("notify"), tvmaze, indexer, sab)
        grab_env.start()
        try:
            yield grab_env
        finally:
            grab_env.stack.close()
            os.environ.update(saved)


@pytest.fixture(scope="module")
def series(env: GrabEnv) -> dict[str, Any]:
    env.sab.complete_dir = str(env.root / "downloads" / "usenet")
    env.indexer.releases = [
        Release("Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 1, 1),
        Release("Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 2, 1),
    ]
    return configure(env)


def episode(api: httpx.Client, series_id: int, season: int, number: int) -> dict[str, Any]:
    for e in api.get("/episode", params={"seriesId": series_id}).json():
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number):
            return dict(e)
    raise AssertionError(f"no S{season}E{number}")


def webhook_body(api: httpx.Client, name: str, url: str, **extra: Any) -> dict[str, Any]:
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    body = with_fields(schema["Webhook"], url=url, method=1, username="hook", password="s3cret")
    return body | {"name": name, "onGrab": True, "onDownload": True, "onUpgrade": True} | extra


def test_a_webhook_is_added_and_tested_through_the_api(
    env: GrabEnv, series: dict[str, Any], receiver: Receiver
) -> None:
    api = env.api()
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    names = [f["name"] for f in schema["Webhook"]["fields"]]
    assert names == ["url", "method", "username", "password", "headers"]
    assert schema["Webhook"]["supportsOnGrab"] is True

    response = api.post("/notification", json=webhook_body(api, "autoscan", receiver.url))
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["onGrab"] and created["onDownload"] and not created["onRename"]
    [saved] = api.get("/notification").json()
    password = next(f for f in saved["fields"] if f["name"] == "password")
    assert password["value"] == "********"  # never handed back

    [first] = receiver.wait("Test")  # adding without forceSave sends a real Test
    assert first["method"] == "POST" and first["body"]["instanceName"] == "Sonarr"
    auth = base64.b64encode(b"hook:s3cret").decode()
    assert first["headers"]["Authorization"] == f"Basic {auth}"

    # the masked password round-trips to the stored one
    assert api.post("/notification/test", json=saved).status_code == 200
    second = receiver.wait("Test", 2)[1]
    assert second["headers"]["Authorization"] == f"Basic {auth}"

    bad = api.post("/notification/test", json=webhook_body(api, "dead", dead_url()))
    assert bad.status_code == 400
    assert any(e["propertyName"] == "Url" for e in bad.json()), bad.text
    assert api.post("/notification", json=webhook_body(api, "dead", dead_url())).status_code == 400


def test_a_grab_delivers_the_grab_payload(
    env: GrabEnv, series: dict[str, Any], receiver: Receiver
) -> None:
    api = env.api()
    target = episode(api, series["id"], 1, 1)
    before = set(env.sab.jobs)
    assert wait_command(api, "EpisodeSearch", episodeIds=[target["id"]])["status"] == "completed"
    [nzo_id] = set(env.sab.jobs) - before

    [grab] = receiver.wait("Grab")
    body = grab["body"]
    assert body["downloadId"] == nzo_id
    assert body["downloadClient"] == "Fake SABnzbd" and body["downloadClientType"] == "Sabnzbd"
    assert body["series"]["id"] == series["id"] and body["series"]["tvdbId"] == GOT_TVDB
    assert body["series"]["title"] == "Game of Thrones"
    assert body["series"]["path"] == series["path"]
    assert body["series"]["titleSlug"] == series["titleSlug"]
    assert [(e["id"], e["seasonNumber"], e["episodeNumber"]) for e in body["episodes"]] == [
        (target["id"], 1, 1)
    ]
    assert body["episodes"][0]["airDateUtc"].endswith("Z")
    release = body["release"]
    assert release["releaseTitle"] == "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb"
    assert release["quality"] == "WEBDL-1080p" and release["releaseGroup"] == "NTb"
    assert release["size"] == 3 * GB and release["indexer"] == "Fake Newznab"
    assert body["instanceName"] == "Sonarr"


def test_an_import_delivers_the_download_payload(
    env: GrabEnv, series: dict[str, Any], receiver: Receiver
) -> None:
    api = env.api()
    [grab] = receiver.wait("Grab")
    nzo_id = grab["body"]["downloadId"]
    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    name = "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb.mkv"
    (storage / name).write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 200_000)
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state

    [download] = receiver.wait("Download")
    body = download["body"]
    imported = episode(api, series["id"], 1, 1)
    file = api.get(f"/episodefile/{imported['episodeFileId']}").json()
    assert body["series"]["path"] == series["path"]
    assert body["episodeFile"]["relativePath"] == file["relativePath"]
    assert body["episodeFile"]["relativePath"].startswith("Season 1/")
    assert body["episodeFile"]["path"] == file["path"]
    assert body["episodeFile"]["id"] == file["id"]
    assert body["episodeFile"]["quality"] == "WEBDL-1080p"
    assert body["downloadId"] == nzo_id and body["isUpgrade"] is False
    assert body["deletedFiles"] == []
    assert [e["id"] for e in body["episodes"]] == [imported["id"]]


def test_a_dead_receiver_does_not_break_a_grab(
    env: GrabEnv, series: dict[str, Any], receiver: Receiver
) -> None:
    api = env.api()
    body = webhook_body(api, "gone", dead_url())
    response = api.post("/notification", params={"forceSave": "true"}, json=body)
    assert response.status_code == 201, response.text
    target = episode(api, series["id"], 2, 1)
    before = set(env.sab.jobs)
    state = wait_command(api, "EpisodeSearch", episodeIds=[target["id"]])
    assert state["status"] == "completed", state
    [nzo_id] = set(env.sab.jobs) - before
    grabs = receiver.wait("Grab", 2)  # the live receiver still hears about it
    assert grabs[1]["body"]["downloadId"] == nzo_id
    history = api.get("/history", params={"episodeId": target["id"], "eventType": 1}).json()
    assert history["totalRecords"] == 1
