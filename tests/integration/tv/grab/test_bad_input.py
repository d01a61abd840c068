"""Bad input on the grab and import paths of a running TV service.

Indexers that answer HTML, broken XML, an XML bomb or a feed too large to read; release
names carrying path separators; a download client that is down or refuses the key; a
completed download whose file is still being written; a destination that exists as a
file. Each gives a clear health or queue message, nothing crashes, and no file is lost.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import (
    GB,
    INDEXER_KEY,
    GrabEnv,
    Release,
    configure,
    wait_command,
    with_fields,
)
from tests.support.fake_indexer import CannedResponse, running_fake_indexer
from tests.support.services import free_port

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss><channel><item><title>&lol4;</title></item></channel></rss>"""
CLOUDFLARE = b"<html><body>Just a moment...</body></html>"
SPAM = b"<item><title>Game.of.Thrones.S01E05.720p.HDTV.x264-SPAM</title></item>"
REASONS = {"html": "HTML", "broken-xml": "XML", "xml-bomb": "entities", "huge-feed": "exceeds"}


def bad_answer(kind: str) -> CannedResponse:
    if kind == "html":
        return CannedResponse(200, CLOUDFLARE, "text/html")
    if kind == "broken-xml":
        return CannedResponse(200, b"<rss><channel><item><title>x</title>")
    if kind == "xml-bomb":
        return CannedResponse(200, BOMB)
    # about 20 MB: more than an indexer's answer is ever read
    return CannedResponse(200, b"<rss><channel>" + SPAM * 300_000 + b"</channel></rss>")


SLASHED = "Game.of.Thrones.S01E06.720p.HDTV.x264-CTU/../../../../escaped"
BACKSLASHED = "..\\..\\Game.of.Thrones.S01E07.720p.HDTV.x264-CTU"


@pytest.fixture(scope="module")
def series(env: GrabEnv) -> dict[str, Any]:
    env.sab.complete_dir = str(env.root / "downloads" / "usenet")  # as SABnzbd is set up
    env.indexer.releases = [
        Release("Game.of.Thrones.S01E05.720p.HDTV.x264-CTU", 1 * GB, 1, 5),
        Release(SLASHED, 1 * GB, 1, 6),
        Release(BACKSLASHED, 1 * GB, 1, 7),
        Release("Game.of.Thrones.S01E08.720p.HDTV.x264-CTU", 1 * GB, 1, 8),
        Release("Game.of.Thrones.S01E09.720p.HDTV.x264-CTU", 1 * GB, 1, 9),
        Release("Game.of.Thrones.S01E10.720p.HDTV.x264-CTU", 1 * GB, 1, 10),
        Release("Game.of.Thrones.S02E02.720p.HDTV.x264-CTU", 1 * GB, 2, 2),
    ]
    return configure(env)


def episode(api: httpx.Client, series_id: int, number: int, season: int = 1) -> dict[str, Any]:
    return next(
        dict(e)
        for e in api.get("/episode", params={"seriesId": series_id}).json()
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number)
    )


def health(api: httpx.Client) -> dict[str, dict[str, Any]]:
    return {h["source"]: h for h in api.get("/health").json()}


def search(env: GrabEnv, api: httpx.Client, episode_id: int) -> str:
    """EpisodeSearch; returns the id of the one job it sent to the client."""
    before = set(env.sab.jobs)
    state = wait_command(api, "EpisodeSearch", episodeIds=[episode_id])
    assert state["status"] == "completed", state
    [nzo_id] = set(env.sab.jobs) - before
    return nzo_id


def deliver(env: GrabEnv, nzo_id: str, names: list[str]) -> Path:
    """The client finishes the job: its folder holds ``names`` (written an hour ago)."""
    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    old = time.time() - 3600
    for name in names:
        (storage / name).write_bytes(b"\x1a\x45\xdf\xa3" + os.urandom(1024) + b"\0" * 100_000)
        os.utime(storage / name, (old, old))
    return storage


def queue_row(api: httpx.Client, series_id: int, nzo_id: str) -> dict[str, Any]:
    rows = api.get("/queue/details", params={"seriesId": series_id}).json()
    return next(dict(r) for r in rows if r["downloadId"] == nzo_id)


@pytest.fixture
def bad_indexer(
    request: pytest.FixtureRequest, env: GrabEnv
) -> Iterator[tuple[dict[str, Any], str]]:
    answer, reason = bad_answer(request.param), REASONS[request.param]
    api = env.api()
    with running_fake_indexer() as fake:
        fake.routes = {t: (lambda _p, a=answer: a) for t in ("caps", "tvsearch", "search")}
        schema = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
        body = with_fields(
            schema["Newznab"], baseUrl=fake.url, apiKey=INDEXER_KEY, categories=[5040]
        ) | {"name": f"Bad {request.param}"}
        refused = api.post("/indexer", json=body)  # Sonarr tests an indexer before saving it
        assert refused.status_code == 400, refused.text
        assert reason.lower() in refused.text.lower(), refused.text
        created = api.post("/indexer", params={"forceSave": "true"}, json=body)
        assert created.status_code == 201, created.text
        yield created.json(), reason
        api.delete(f"/indexer/{created.json()['id']}")


@pytest.mark.parametrize("bad_indexer", list(REASONS), indirect=True)
def test_a_bad_indexer_is_reported_and_the_others_still_answer(
    env: GrabEnv, series: dict[str, Any], bad_indexer: tuple[dict[str, Any], str]
) -> None:
    api = env.api()
    bad, reason = bad_indexer
    checked = health(api)["IndexerStatusCheck"]
    assert checked["type"] == "warning" and bad["name"] in checked["message"], checked
    assert reason.lower() in checked["message"].lower(), checked["message"]

    target = episode(api, series["id"], 5)
    results = api.get("/release", params={"episodeId": target["id"]})
    assert results.status_code == 200, results.text
    assert [r["title"] for r in results.json()] == ["Game.of.Thrones.S01E05.720p.HDTV.x264-CTU"]
    state = wait_command(api, "RssSync")
    assert state["status"] == "completed" and bad["name"] in state["message"], state


@pytest.mark.parametrize(("number", "title"), [(6, SLASHED), (7, BACKSLASHED)])
def test_release_names_with_path_separators_stay_inside_their_folders(
    env: GrabEnv, series: dict[str, Any], number: int, title: str
) -> None:
    api = env.api()
    target = episode(api, series["id"], number)
    nzo_id = search(env, api, target["id"])
    job = env.sab.jobs[nzo_id]
    assert "/" not in job.filename and "\\" not in job.filename, job.filename
    storage = deliver(env, nzo_id, [f"Game.of.Thrones.S01E0{number}.720p.HDTV.x264-CTU.mkv"])
    assert storage.parent == Path(env.sab.complete_dir) / "tv"

    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state["message"]
    placed = Path(
        api.get(f"/episodefile/{episode(api, series['id'], number)['episodeFileId']}").json()[
            "path"
        ]
    )
    assert placed.is_relative_to(Path(series["path"])), placed
    assert not any(p.name == "escaped" for p in env.root.rglob("escaped"))


@pytest.mark.parametrize("fault", ["down", "wrong-key"])
def test_a_client_down_or_refusing_is_reported_and_loses_nothing(
    env: GrabEnv, series: dict[str, Any], fault: str
) -> None:
    api = env.api()
    [client] = api.get("/downloadclient").json()
    broken = with_fields(
        client, **({"port": free_port()} if fault == "down" else {"apiKey": "0" * 32})
    )
    reason = "unable to connect" if fault == "down" else "API Key Incorrect"
    assert (
        api.put(
            f"/downloadclient/{client['id']}", params={"forceSave": "true"}, json=broken
        ).status_code
        == 202
    )
    jobs_before = dict(env.sab.jobs)
    try:
        checked = health(api)["DownloadClientCheck"]
        assert checked["type"] == "error" and "Fake SABnzbd" in checked["message"], checked
        assert reason in checked["message"], checked["message"]
        state = wait_command(api, "RefreshMonitoredDownloads")
        assert state["status"] == "completed" and reason in state["message"], state

        target = episode(api, series["id"], 8)
        [offered] = api.get("/release", params={"episodeId": target["id"]}).json()
        grabbed = api.post(
            "/release", json={"guid": offered["guid"], "indexerId": offered["indexerId"]}
        )
        assert grabbed.status_code == 409, grabbed.text  # Sonarr's answer to a failed grab
        assert reason in grabbed.json()["message"], grabbed.text
        assert env.sab.jobs == jobs_before  # nothing was sent, nothing was removed
        history = api.get("/history", params={"episodeId": target["id"]}).json()
        assert history["totalRecords"] == 0, history
    finally:
        working = with_fields(client, apiKey=env.sab.api_key)  # GET shows the key masked
        restored = api.put(f"/downloadclient/{client['id']}", json=working)
        assert restored.status_code == 202, restored.text


def test_a_file_still_being_written_waits_and_then_imports(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    target = episode(api, series["id"], 9)
    nzo_id = search(env, api, target["id"])
    name = "Game.of.Thrones.S01E09.720p.HDTV.x264-CTU.mkv"
    storage = deliver(env, nzo_id, [f"{name}.part"])  # the client says done; a part remains

    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 waiting for import" in state["message"], state["message"]
    row = queue_row(api, series["id"], nzo_id)
    assert row["trackedDownloadState"] == "importPending"
    assert row["trackedDownloadStatus"] == "warning"
    messages = [m for s in row["statusMessages"] for m in s["messages"]]
    assert any("partial file" in m for m in messages), row["statusMessages"]
    assert (storage / f"{name}.part").exists() and not episode(api, series["id"], 9)["hasFile"]

    (storage / f"{name}.part").rename(storage / name)
    old = time.time() - 3600
    os.utime(storage / name, (old, old))
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state["message"]
    assert episode(api, series["id"], 9)["hasFile"]


@pytest.mark.parametrize(
    ("season", "number", "in_the_way"),
    [(1, 10, "file"), (2, 2, "folder")],
    ids=["at-the-file", "at-the-season-folder"],
)
def test_a_destination_that_exists_as_a_file_blocks_the_import_and_loses_nothing(
    env: GrabEnv, series: dict[str, Any], season: int, number: int, in_the_way: str
) -> None:
    api = env.api()
    assert api.get("/config/naming").json()["renameEpisodes"] is False  # names are kept
    target = episode(api, series["id"], number, season)
    nzo_id = search(env, api, target["id"])
    name = f"Game.of.Thrones.S{season:02d}E{number:02d}.720p.HDTV.x264-CTU.mkv"
    storage = deliver(env, nzo_id, [name])
    source = (storage / name).read_bytes()

    # where the episode would go, a file the library does not know is in the way
    folder = Path(series["path"]) / f"Season {season}"
    blocker = folder / name if in_the_way == "file" else folder
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"someone else's file")

    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 waiting for import" in state["message"], state["message"]
    row = queue_row(api, series["id"], nzo_id)
    assert row["trackedDownloadState"] == "importPending"
    messages = " ".join(m for s in row["statusMessages"] for m in s["messages"])
    expected = "already exists" if in_the_way == "file" else "exists as a file"
    assert expected in messages and str(blocker) in messages, row["statusMessages"]
    assert blocker.read_bytes() == b"someone else's file"
    assert (storage / name).read_bytes() == source
    assert not episode(api, series["id"], number, season)["hasFile"]

    blocker.unlink()  # the user moves it away: the next refresh imports
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state["message"]
    assert episode(api, series["id"], number, season)["hasFile"]
