"""A failed job never holds back the search for its replacement.

Both ways a client can be set: removing failed jobs (the job leaves the queue at once) or
keeping them (the job stays in the queue, marked failed). Either way the search queued
after the failure grabs the next release instead of refusing it because the failed one
"already meets the cutoff" in the queue.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import GB, GrabEnv, Release, configure, wait_command

BETTER = "Game.of.Thrones.S01E0{n}.1080p.WEB-DL.DD5.1.H.264-NTb"
OTHER = "Game.of.Thrones.S01E0{n}.720p.HDTV.x264-CTU"


@pytest.fixture(scope="module")
def series(env: GrabEnv) -> dict[str, Any]:
    env.indexer.releases = [
        Release(title.format(n=n), size, 1, n)
        for n in (1, 2)
        for title, size in ((BETTER, 3 * GB), (OTHER, 1 * GB))
    ]
    return configure(env)  # HD profile: cutoff HDTV-720p, which the failed 1080p "meets"


def episode_id(api: httpx.Client, series_id: int, number: int) -> int:
    return next(
        int(e["id"])
        for e in api.get("/episode", params={"seriesId": series_id}).json()
        if (e["seasonNumber"], e["episodeNumber"]) == (1, number)
    )


def remove_failed(api: httpx.Client, remove: bool) -> None:
    [client] = api.get("/downloadclient").json()
    client["removeFailedDownloads"] = remove
    updated = api.put(f"/downloadclient/{client['id']}", params={"forceSave": "true"}, json=client)
    assert updated.status_code == 202, updated.text


def job_named(env: GrabEnv, name: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [j.nzo_id for j in env.sab.jobs.values() if j.name == name]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"{name} never reached the client: {list(env.sab.jobs.values())}")


@pytest.mark.parametrize("remove", [True, False], ids=["removed", "kept"])
def test_the_search_after_a_failure_grabs_the_next_release(
    env: GrabEnv, series: dict[str, Any], remove: bool
) -> None:
    api = env.api()
    remove_failed(api, remove)
    number = 1 if remove else 2
    target = episode_id(api, series["id"], number)
    assert wait_command(api, "EpisodeSearch", episodeIds=[target])["status"] == "completed"
    failed = job_named(env, BETTER.format(n=number))
    env.sab.fail(failed, "Repair failed, not enough repair blocks (12 short)")

    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 failed" in state["message"], state["message"]
    replacement = job_named(env, OTHER.format(n=number))  # grabbed by the queued search

    # the client has the job a moment before the grab is recorded and tracked
    deadline = time.monotonic() + 10
    while True:
        queue = api.get("/queue/details", params={"seriesId": series["id"]}).json()
        states = {r["downloadId"]: r["trackedDownloadState"] for r in queue}
        if replacement in states or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert states.get(replacement) == "downloading"
    if remove:
        assert failed not in states and failed not in env.sab.jobs
    else:
        assert states[failed] == "failed" and failed in env.sab.jobs
        [row] = [r for r in queue if r["downloadId"] == failed]
        assert row["trackedDownloadStatus"] == "error" and "Repair failed" in row["errorMessage"]
