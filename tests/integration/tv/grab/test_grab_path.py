"""The grab path end to end: interactive search with reasons, grabs into SABnzbd with the
``tv`` category, history, the paged queue, autobrr's push, EpisodeSearch, the blocklist,
and an RSS sync that grabs a new episode once and not again after a restart.

The tests of this module build on each other (one library, one queue), in file order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import GB, GrabEnv, Release, configure, wait_command


def episode_id(api: httpx.Client, series_id: int, season: int, number: int) -> int:
    for e in api.get("/episode", params={"seriesId": series_id}).json():
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number):
            return int(e["id"])
    raise AssertionError(f"no S{season}E{number}")


def by_title(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["title"]: r for r in results}


@pytest.fixture(scope="module")
def series(env: GrabEnv) -> dict[str, Any]:
    env.indexer.releases = [
        Release("Game.of.Thrones.S01E01.720p.HDTV.x264-CTU", int(1.2 * GB), 1, 1),
        Release("Game.of.Thrones.S01E01.HDCAM.x264-GRP", int(0.7 * GB), 1, 1),
        Release("Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb", 40 * GB, 1, 1),
        Release("Game.of.Thrones.S01E03.720p.HDTV.x264-CTU", int(1.1 * GB), 1, 3),
        Release("Game.of.Thrones.S02.1080p.WEB-DL.DD5.1.H.264-NTb", 30 * GB, 2),
        Release("Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 2, 1),
        Release("Game.of.Thrones.S02E02.720p.HDTV.x264-CTU", int(1.1 * GB), 2, 2),
        Release("Game.of.Thrones.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 2, 2),
    ]
    return configure(env)


def test_interactive_search_shows_decisions_with_reasons(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    response = api.get("/release", params={"episodeId": episode_id(api, series["id"], 1, 1)})
    assert response.status_code == 200, response.text
    results = response.json()
    releases = by_title(results)
    good = releases["Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"]
    assert good["approved"] is True and good["rejections"] == []
    assert good["quality"]["quality"]["name"] == "HDTV-720p"
    assert good["mappedEpisodeInfo"][0]["episodeNumber"] == 1
    assert good["indexer"] == "Fake Newznab" and good["protocol"] == "usenet"
    cam = releases["Game.of.Thrones.S01E01.HDCAM.x264-GRP"]
    assert cam["approved"] is False and cam["temporarilyRejected"] is False
    assert "Quality SDTV is not wanted in profile" in cam["rejections"]
    big = releases["Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb"]
    assert big["rejected"] is True
    assert any("larger than maximum allowed" in r for r in big["rejections"]), big["rejections"]
    assert results[0]["title"] == good["title"]  # approved first

    have = api.get("/release", params={"episodeId": episode_id(api, series["id"], 1, 3)}).json()
    [cutoff] = have
    assert cutoff["approved"] is False
    assert cutoff["rejections"] == [
        "Existing file on disk for S01E03 meets quality cutoff: HDTV-720p"
    ]


def test_season_pack_is_preferred_where_it_covers_the_season(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    results = api.get("/release", params={"seriesId": series["id"], "seasonNumber": 2}).json()
    approved = [r["title"] for r in results if r["approved"]]
    assert approved[0] == "Game.of.Thrones.S02.1080p.WEB-DL.DD5.1.H.264-NTb"
    assert results[0]["fullSeason"] is True and len(results[0]["episodeIds"]) == 10
    assert approved[-1] == "Game.of.Thrones.S02E02.720p.HDTV.x264-CTU"  # lowest quality last


def test_grab_sends_the_nzb_to_the_client_and_writes_history(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    s01e01 = episode_id(api, series["id"], 1, 1)
    results = by_title(api.get("/release", params={"episodeId": s01e01}).json())
    chosen = results["Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"]
    response = api.post("/release", json={"guid": chosen["guid"], "indexerId": chosen["indexerId"]})
    assert response.status_code == 200, response.text
    upload = env.sab.uploads[-1]
    assert upload.params["cat"] == "tv" and upload.filename.endswith(".nzb")
    [job] = [j for j in env.sab.jobs.values() if j.name.startswith("Game.of.Thrones.S01E01")]

    history = api.get("/history", params={"eventType": 1, "episodeId": s01e01}).json()
    assert history["totalRecords"] == 1
    [grab] = history["records"]
    assert grab["downloadId"] == job.nzo_id and grab["eventType"] == "grabbed"
    assert grab["data"]["indexer"] == "Fake Newznab"
    assert grab["data"]["downloadClientName"] == "Fake SABnzbd"
    assert grab["data"]["releaseGroup"] == "CTU" and grab["data"]["protocol"] == "1"

    queue = api.get("/queue", params={"pageSize": 1, "includeEpisode": "true"}).json()
    assert queue["totalRecords"] == 1 and queue["page"] == 1 and queue["pageSize"] == 1
    [record] = queue["records"]
    assert record["downloadId"] == job.nzo_id and record["episodeId"] == s01e01
    assert record["seriesId"] == series["id"] and record["protocol"] == "usenet"
    assert record["downloadClient"] == "Fake SABnzbd" and record["indexer"] == "Fake Newznab"
    assert record["trackedDownloadState"] == "downloading" and record["episode"]["id"] == s01e01
    assert api.get("/queue/status").json()["totalCount"] == 1
    # queued now: the same release is not grabbed twice
    again = by_title(api.get("/release", params={"episodeId": s01e01}).json())
    assert any("in queue" in r for r in again[chosen["title"]]["rejections"])


def test_release_push_in_autobrr_shape(env: GrabEnv, series: dict[str, Any]) -> None:
    api = env.api()
    before = len(env.sab.uploads)
    url = f"{env.indexer.fake.url}/api?t=get&id=pushed"
    body = {
        "title": "Game.of.Thrones.S03E01.720p.HDTV.x264-CTU",
        "downloadUrl": url,
        "size": int(1.2 * GB),
        "indexer": "autobrr",
        "downloadProtocol": "usenet",
        "publishDate": "2026-11-24T05:00:00Z",
    }
    [pushed] = api.post("/release/push", json=body).json()
    assert pushed["approved"] is True and pushed["rejections"] == []
    assert len(env.sab.uploads) == before + 1
    cam = body | {"title": "Game.of.Thrones.S03E02.HDCAM.x264-GRP"}
    [refused] = api.post("/release/push", json=cam).json()
    assert refused["approved"] is False and refused["rejected"] is True
    assert refused["rejections"] and len(env.sab.uploads) == before + 1
    missing = api.post("/release/push", json={"title": "x"})
    assert missing.status_code == 400 and missing.json()[0]["propertyName"] == "DownloadUrl"


def test_episode_search_command_grabs_the_best_release(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    s02e02 = episode_id(api, series["id"], 2, 2)
    state = wait_command(api, "EpisodeSearch", episodeIds=[s02e02])
    assert state["status"] == "completed", state
    history = api.get("/history", params={"eventType": 1, "episodeId": s02e02}).json()
    assert [r["sourceTitle"] for r in history["records"]] == [
        "Game.of.Thrones.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb"
    ]


def test_queue_delete_with_blocklist_blocklists(env: GrabEnv, series: dict[str, Any]) -> None:
    api = env.api()
    s02e02 = episode_id(api, series["id"], 2, 2)
    details = api.get("/queue/details", params={"episodeIds": s02e02}).json()
    [record] = details
    response = api.delete(
        f"/queue/{record['id']}", params={"removeFromClient": "true", "blocklist": "true"}
    )
    assert response.status_code == 200, response.text
    assert env.sab.deletes, "removed from the client"
    blocklist = api.get("/blocklist").json()
    assert blocklist["totalRecords"] == 1
    [entry] = blocklist["records"]
    assert entry["sourceTitle"] == "Game.of.Thrones.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb"
    assert entry["episodeIds"] == [s02e02] and entry["indexer"] == "Fake Newznab"
    releases = by_title(api.get("/release", params={"episodeId": s02e02}).json())
    assert "Release is blocklisted" in releases[entry["sourceTitle"]]["rejections"]
    failed = api.get("/history", params={"eventType": 4, "episodeId": s02e02}).json()
    assert failed["totalRecords"] == 1
    assert api.delete(f"/blocklist/{entry['id']}").status_code == 200
    assert api.get("/blocklist").json()["totalRecords"] == 0


def test_season_search_grabs_the_pack_with_one_queue_record_per_episode(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    state = wait_command(api, "SeasonSearch", seriesId=series["id"], seasonNumber=2)
    assert state["status"] == "completed", state
    pack = "Game.of.Thrones.S02.1080p.WEB-DL.DD5.1.H.264-NTb"
    grabs = api.get("/history", params={"eventType": "grabbed", "pageSize": 100}).json()
    events = [r for r in grabs["records"] if r["sourceTitle"] == pack]
    assert len(events) == 10 and len({r["downloadId"] for r in events}) == 1
    details = api.get("/queue/details", params={"seriesId": series["id"]}).json()
    mine = [r for r in details if r["title"] == pack]
    assert sorted(r["episode"]["episodeNumber"] for r in mine) == list(range(1, 11))
    assert len({r["id"] for r in mine}) == 10


def test_rss_sync_grabs_once_and_not_again_after_a_restart(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    env.indexer.releases.append(
        Release("Game.of.Thrones.S04E01.720p.HDTV.x264-CTU", int(1.2 * GB), 4, 1, rss=True)
    )
    env.indexer.releases.append(
        Release(
            "Game.of.Thrones.S04E02.720p.HDTV.x264-CTU",
            int(1.2 * GB),
            4,
            2,
            rss=True,
            age=timedelta(hours=6),
        )
    )
    before = len(env.sab.uploads)
    state = wait_command(api, "RssSync")
    assert state["status"] == "completed", state
    assert len(env.sab.uploads) == before + 2
    grabbed = api.get("/history", params={"eventType": 1, "pageSize": 50}).json()["records"]
    assert sum(1 for r in grabbed if r["sourceTitle"].startswith("Game.of.Thrones.S04")) == 2

    env.restart()
    api = env.api()
    state = wait_command(api, "RssSync")
    assert state["status"] == "completed", state
    assert "0 reports" in state["message"] or "0 reports" in str(state.get("result")), state
    assert len(env.sab.uploads) == before + 2
    # the queue comes back from the client after a restart
    wait_command(api, "RefreshMonitoredDownloads")
    titles = {r["title"] for r in api.get("/queue", params={"pageSize": 50}).json()["records"]}
    assert "Game.of.Thrones.S04E01.720p.HDTV.x264-CTU" in titles
