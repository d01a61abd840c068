"""ImportComplete and ManualInteractionRequired reach a webhook receiver on loopback.

A grabbed episode completes in the (fake) SABnzbd: when all of it is imported the receiver
gets Sonarr's import-complete payload (``eventType`` ``Download`` with ``episodeFiles``,
as Sonarr sends it); when nothing in the download can be imported it gets
``ManualInteractionRequired`` with the download's status and reasons, once, however often
the import is retried.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import GB, GrabEnv, Release, configure, wait_command
from tests.support.fake_media_servers import (
    Recorder,
    apprise_routes,
    recording_server,
    webhook_receiver,
)

EPISODE = "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb"
STUCK = "Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb"


@pytest.fixture(scope="module")
def hook() -> Iterator[Recorder]:
    with webhook_receiver() as recorder:
        yield recorder


@pytest.fixture(scope="module")
def apprise() -> Iterator[Recorder]:
    with recording_server(apprise_routes({"tv-alerts"})) as recorder:
        yield recorder


@pytest.fixture(scope="module")
def series(env: GrabEnv, hook: Recorder, apprise: Recorder) -> dict[str, Any]:
    env.sab.complete_dir = str(env.root / "downloads" / "usenet")
    env.indexer.releases = [
        Release(EPISODE, 3 * GB, 1, 1),
        Release(STUCK, 3 * GB, 2, 1),
    ]
    added = configure(env)
    api = env.api()
    [schema] = [
        s for s in api.get("/notification/schema").json() if s["implementation"] == "Webhook"
    ]
    assert schema["supportsOnImportComplete"] and schema["supportsOnManualInteractionRequired"]
    body = schema | {
        "name": "receiver",
        "onImportComplete": True,
        "onManualInteractionRequired": True,
        "fields": [
            f | {"value": f"{hook.url}/hook"} if f["name"] == "url" else f for f in schema["fields"]
        ],
    }
    created = api.post("/notification", json=body)
    assert created.status_code == 201, created.text
    saved = created.json()
    assert saved["onImportComplete"] and saved["onManualInteractionRequired"]
    [chat] = [s for s in api.get("/notification/schema").json() if s["implementation"] == "Apprise"]
    values = {"serverUrl": apprise.url, "configurationKey": "tv-alerts"}
    chat |= {
        "name": "chat",
        "onManualInteractionRequired": True,
        "fields": [f | {"value": values.get(f["name"], f["value"])} for f in chat["fields"]],
    }
    created = api.post("/notification", json=chat)
    assert created.status_code == 201, created.text
    assert created.json()["onManualInteractionRequired"] is True
    return added


def received(hook: Recorder, event_type: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        found = [
            r.json() for r in hook.requests("POST", "/hook") if r.json()["eventType"] == event_type
        ]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def asked(apprise: Recorder, count: int = 0) -> list[dict[str, Any]]:
    """The chat messages asking for a person (the connection's test message aside),
    waited for until there are ``count``."""
    deadline = time.monotonic() + 10
    while True:
        found = [
            r.json()
            for r in apprise.requests("POST", "/notify/tv-alerts")
            if r.json()["title"] == "Manual Interaction Required"
        ]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def grab(env: GrabEnv, api: httpx.Client, series_id: int, season: int) -> str:
    [episode] = [
        e
        for e in api.get("/episode", params={"seriesId": series_id}).json()
        if (e["seasonNumber"], e["episodeNumber"]) == (season, 1)
    ]
    before = set(env.sab.jobs)
    assert wait_command(api, "EpisodeSearch", episodeIds=[episode["id"]])["status"] == "completed"
    [nzo_id] = set(env.sab.jobs) - before
    return nzo_id


def test_a_download_imported_whole_sends_import_complete(
    env: GrabEnv, series: dict[str, Any], hook: Recorder
) -> None:
    api = env.api()
    nzo_id = grab(env, api, series["id"], 1)
    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    (storage / f"{EPISODE}.mkv").write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 200_000)
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state

    [event] = received(hook, "Download")
    assert "episodeFile" not in event  # Sonarr's import-complete shape, not the per-file one
    [file] = [
        f
        for f in api.get("/episodefile", params={"seriesId": series["id"]}).json()
        if "S01E01" in f["path"]
    ]  # the series holds S01E03 from before
    assert event["series"]["id"] == series["id"] and event["series"]["title"] == "Game of Thrones"
    assert [(e["seasonNumber"], e["episodeNumber"]) for e in event["episodes"]] == [(1, 1)]
    [sent] = event["episodeFiles"]
    assert (sent["id"], sent["path"], sent["relativePath"]) == (
        file["id"],
        file["path"],
        file["relativePath"],
    )
    assert sent["quality"] == "WEBDL-1080p" and sent["size"] == file["size"]
    assert event["fileCount"] == 1
    assert event["sourcePath"] == str(storage)
    assert event["destinationPath"] == str(Path(file["path"]).parent)
    assert event["release"] == {
        "releaseTitle": EPISODE,
        "indexer": "Fake Newznab",
        "size": 3 * GB,
        "releaseType": "singleEpisode",
    }
    assert (event["downloadClient"], event["downloadClientType"]) == ("Fake SABnzbd", "Sabnzbd")
    assert event["downloadId"] == nzo_id
    assert received(hook, "ManualInteractionRequired", 0) == []


def test_a_download_nothing_can_be_imported_from_asks_for_a_person_once(
    env: GrabEnv, series: dict[str, Any], hook: Recorder, apprise: Recorder
) -> None:
    api = env.api()
    nzo_id = grab(env, api, series["id"], 2)
    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    (storage / "release.nfo").write_text("no video in here")
    wait_command(api, "RefreshMonitoredDownloads")

    [event] = received(hook, "ManualInteractionRequired")
    assert event["series"]["id"] == series["id"]
    assert [(e["seasonNumber"], e["episodeNumber"]) for e in event["episodes"]] == [(2, 1)]
    assert event["downloadInfo"] == {
        "quality": "WEBDL-1080p",
        "qualityVersion": 1,
        "title": STUCK,
        "size": env.sab.jobs[nzo_id].size,
    }
    assert event["downloadStatus"] == "Warning"
    [reason] = event["downloadStatusMessages"]
    assert reason["title"] == "Not imported" and reason["messages"], reason
    assert event["downloadId"] == nzo_id and event["downloadClient"] == "Fake SABnzbd"
    assert event["release"]["releaseTitle"] == STUCK
    assert event["customFormatInfo"] == {"customFormats": [], "customFormatScore": 0}
    queued = [r for r in api.get("/queue/details").json() if r["downloadId"] == nzo_id]
    assert [r["trackedDownloadStatus"] for r in queued] == ["warning"]

    [message] = asked(apprise, 1)
    assert message["body"] == "Game of Thrones - 2x01 - The North Remembers [WEBDL-1080p]"

    wait_command(api, "RefreshMonitoredDownloads")  # retried: still stuck, no second notice
    time.sleep(0.5)
    assert len(received(hook, "ManualInteractionRequired", 0)) == 1  # read now, no waiting
    assert len(asked(apprise)) == 1
