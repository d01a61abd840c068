"""Completed and failed download handling, end to end on a running TV service.

A grabbed episode completes in the (fake) SABnzbd with a real file in its folder: the next
RefreshMonitoredDownloads imports it into the library, records it, and removes the job from
the client. A failed job is blocklisted and its episode searched again.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import GB, GrabEnv, Release, configure, wait_command

FAILED_JOBS: list[Any] = []


def episode(api: httpx.Client, series_id: int, season: int, number: int) -> dict[str, Any]:
    for e in api.get("/episode", params={"seriesId": series_id}).json():
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number):
            return dict(e)
    raise AssertionError(f"no S{season}E{number}")


def only_new_job(env: GrabEnv, before: set[str]) -> str:
    [nzo_id] = set(env.sab.jobs) - before
    return nzo_id


@pytest.fixture(scope="module")
def series(env: GrabEnv, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env.sab.complete_dir = str(env.root / "downloads" / "usenet")  # as SABnzbd is set up
    env.indexer.releases = [
        Release("Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 1, 1),
        Release("Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 2, 1),
    ]
    return configure(env)


def test_a_completed_download_is_imported_and_removed_from_the_client(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    target = episode(api, series["id"], 1, 1)
    before = set(env.sab.jobs)
    assert wait_command(api, "EpisodeSearch", episodeIds=[target["id"]])["status"] == "completed"
    nzo_id = only_new_job(env, before)

    storage = Path(env.sab.complete(nzo_id))
    storage.mkdir(parents=True)
    payload = b"\x1a\x45\xdf\xa3" + b"\0" * 200_000  # a (tiny) Matroska file
    (storage / "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb.mkv").write_bytes(payload)
    (storage / "release.nfo").write_text("not media")

    state = wait_command(api, "RefreshMonitoredDownloads")
    assert state["status"] == "completed", state
    queue_now = api.get("/queue/details", params={"seriesId": series["id"]}).json()
    assert "1 imported" in state["message"], (
        state["message"],
        [(r["status"], r["statusMessages"], r.get("errorMessage")) for r in queue_now],
    )

    imported = episode(api, series["id"], 1, 1)
    assert imported["hasFile"] is True
    files = {f["id"]: f for f in api.get("/episodefile", params={"seriesId": series["id"]}).json()}
    placed = Path(files[imported["episodeFileId"]]["path"])
    assert placed.is_file() and placed.read_bytes() == payload
    assert placed.is_relative_to(Path(series["path"]))
    assert not (storage / "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb.mkv").exists()

    events = api.get(
        "/history", params={"episodeId": target["id"], "eventType": 3}
    ).json()  # downloadFolderImported
    assert events["totalRecords"] == 1 and events["records"][0]["downloadId"] == nzo_id
    assert any(d.get("value") == nzo_id for d in env.sab.deletes), "removed from the client"
    queue = api.get("/queue/details", params={"seriesId": series["id"]}).json()
    assert all(r["downloadId"] != nzo_id for r in queue)


def test_a_failed_download_is_blocklisted_and_searched_again(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    target = episode(api, series["id"], 2, 1)
    before = set(env.sab.jobs)
    assert wait_command(api, "EpisodeSearch", episodeIds=[target["id"]])["status"] == "completed"
    nzo_id = only_new_job(env, before)
    env.sab.fail(nzo_id, "Repair failed, not enough repair blocks (12 short)")
    FAILED_JOBS.append(copy.deepcopy(env.sab.jobs[nzo_id]))

    searches_before = sum(1 for c in api.get("/command").json() if c["name"] == "EpisodeSearch")
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 failed" in state["message"], state["message"]

    failed = api.get("/history", params={"episodeId": target["id"], "eventType": 4}).json()
    assert failed["totalRecords"] == 1
    assert "Repair failed" in failed["records"][0]["data"]["message"]
    titles = [b["sourceTitle"] for b in api.get("/blocklist").json()["records"]]
    assert "Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb" in titles
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        searches = [c for c in api.get("/command").json() if c["name"] == "EpisodeSearch"]
        if len(searches) > searches_before:
            break
        time.sleep(0.1)
    assert len(searches) > searches_before, "the episode is searched again"
    assert searches[0]["body"]["episodeIds"] == [target["id"]]


def test_a_restart_does_not_handle_the_same_failure_twice(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    env.restart()
    api = env.api()
    [job] = FAILED_JOBS
    env.sab.jobs[job.nzo_id] = job  # the client still lists the failed job after our restart
    target = episode(api, series["id"], 2, 1)
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "0 failed" in state["message"], state["message"]
    failed = api.get("/history", params={"episodeId": target["id"], "eventType": 4}).json()
    assert failed["totalRecords"] == 1
