"""Radarr's ManualInteractionRequired reaches a webhook receiver on loopback.

A grabbed movie completes in the (fake) SABnzbd with nothing importable in its folder:
the receiver gets the movie, the download as the client has it, its ``Warning`` status
with the reasons, and the grabbed release; a retried import sends no second notice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.movies.grab.conftest import GB, MATRIX, MovieEnv, MovieRelease, add_movie
from tests.integration.tv.grab.conftest import wait_command
from tests.support.fake_media_servers import Recorder, webhook_receiver

TITLE = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H.264-NTb"


@pytest.fixture(scope="module")
def hook() -> Iterator[Recorder]:
    with webhook_receiver() as recorder:
        yield recorder


def stuck_events(hook: Recorder, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        found = [
            r.json()
            for r in hook.requests("POST", "/hook")
            if r.json()["eventType"] == "ManualInteractionRequired"
        ]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_a_download_nothing_can_be_imported_from_asks_for_a_person(
    env: MovieEnv, hook: Recorder
) -> None:
    api = env.api()
    [schema] = [
        s for s in api.get("/notification/schema").json() if s["implementation"] == "Webhook"
    ]
    assert schema["supportsOnManualInteractionRequired"] is True
    body = schema | {
        "name": "receiver",
        "onManualInteractionRequired": True,
        "fields": [
            f | {"value": f"{hook.url}/hook"} if f["name"] == "url" else f for f in schema["fields"]
        ],
    }
    assert api.post("/notification", json=body).status_code == 201
    movie = add_movie(env, MATRIX)
    env.indexer.movies = [MovieRelease(TITLE, 4 * GB, "0133093")]
    before = set(env.sab.jobs)
    assert wait_command(api, "MoviesSearch", movieIds=[movie["id"]])["status"] == "completed"
    [nzo_id] = set(env.sab.jobs) - before
    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    (storage / "release.nfo").write_text("no video in here")
    wait_command(api, "RefreshMonitoredDownloads")

    [event] = stuck_events(hook, 1)
    assert event["movie"]["id"] == movie["id"] and event["movie"]["tmdbId"] == MATRIX
    assert event["downloadInfo"]["title"] == TITLE
    assert event["downloadInfo"]["quality"] == "WEBDL-1080p"
    assert event["downloadStatus"] == "Warning" and event["downloadStatusMessages"]
    assert (event["downloadId"], event["downloadClient"]) == (nzo_id, "Fake SABnzbd")
    assert event["release"] == {"releaseTitle": TITLE, "indexer": "Fake Newznab", "size": 4 * GB}

    wait_command(api, "RefreshMonitoredDownloads")
    time.sleep(0.5)
    assert len(stuck_events(hook, 0)) == 1  # read now, no waiting
