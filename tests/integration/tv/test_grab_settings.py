"""Delay profiles, release profiles and remote path mappings: their APIs and their effect.

The API's profiles are the ones the decision engine uses: a release profile's ignored term
shows as a rejection in the interactive search, a delay profile on the series' tag holds
back an automatic grab until it is changed, and a remote path mapping lets a completed job
that SABnzbd reports under its own path be imported from ours.

The tests of this module build on each other (one library), in file order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import (
    GB,
    INDEXER_KEY,
    GrabEnv,
    Indexer,
    Release,
    configure,
    wait_command,
)
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import running_fake_sabnzbd
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import clear_mediastack_env

HDTV = "Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"
WEB = "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb"


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    yield


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
        grab_env = GrabEnv(tmp_path_factory.mktemp("settings"), tvmaze, indexer, sab)
        grab_env.start()
        try:
            yield grab_env
        finally:
            grab_env.stack.close()
            os.environ.update(saved)


@pytest.fixture(scope="module")
def series(env: GrabEnv) -> dict[str, Any]:
    env.indexer.releases = [
        Release(HDTV, int(1.2 * GB), 1, 1),
        Release(WEB, 3 * GB, 1, 1),
        Release("Game.of.Thrones.S01E02.720p.HDTV.x264-CTU", int(1.2 * GB), 1, 2),
    ]
    return configure(env)


def episode_id(api: httpx.Client, series_id: int, season: int, number: int) -> int:
    for e in api.get("/episode", params={"seriesId": series_id}).json():
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number):
            return int(e["id"])
    raise AssertionError(f"no S{season}E{number}")


def errors(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(e["propertyName"], e["errorMessage"]) for e in response.json()]


def test_delay_profile_crud_and_order(env: GrabEnv, series: dict[str, Any]) -> None:
    api = env.api()
    [default] = api.get("/delayprofile").json()
    assert default == {
        "id": 1,
        "enableUsenet": True,
        "enableTorrent": True,
        "preferredProtocol": "usenet",
        "usenetDelay": 0,
        "torrentDelay": 0,
        "bypassIfHighestQuality": True,
        "bypassIfAboveCustomFormatScore": False,
        "minimumCustomFormatScore": 0,
        "order": 2147483647,
        "tags": [],
    }
    assert errors(api.put("/delayprofile/1", json=default | {"tags": [1]})) == [
        ("Tags", "'Tags' must be empty.")
    ]
    assert ("Tags", "'Tags' must not be empty.") in errors(api.post("/delayprofile", json={}))
    off = {"enableUsenet": False, "enableTorrent": False, "tags": [99], "usenetDelay": -1}
    assert set(errors(api.post("/delayprofile", json=off))) == {
        ("", "Either Usenet or Torrent should be enabled"),
        ("UsenetDelay", "'Usenet Delay' must be greater than or equal to '0'."),
    }
    tags = [api.post("/tag", json={"label": f"delay{i}"}).json()["id"] for i in range(3)]
    created = []
    for tag in tags:
        response = api.post("/delayprofile", json={"tags": [tag], "torrentDelay": 60})
        assert response.status_code == 201, response.text
        created.append(response.json())
    assert [p["order"] for p in created] == [1, 2, 3]
    used = api.post("/delayprofile", json={"tags": [tags[0]]})
    assert errors(used) == [("Tags", "One or more tags is used in another profile")]
    moved = api.put(f"/delayprofile/reorder/{created[2]['id']}").json()
    assert [p["id"] for p in moved] == [created[2]["id"], created[0]["id"], created[1]["id"], 1]
    after = api.put(
        f"/delayprofile/reorder/{created[2]['id']}", params={"after": created[1]["id"]}
    ).json()
    assert [p["id"] for p in after] == [created[0]["id"], created[1]["id"], created[2]["id"], 1]
    assert api.delete("/delayprofile/1").status_code == 405
    assert api.delete(f"/delayprofile/{created[1]['id']}").status_code == 200
    assert [p["order"] for p in api.get("/delayprofile").json()] == [1, 2, 2147483647]
    for profile in (created[0], created[2]):
        assert api.delete(f"/delayprofile/{profile['id']}").status_code == 200
    assert api.get(f"/delayprofile/{created[0]['id']}").status_code == 404


def test_a_delay_profile_on_the_series_tag_holds_back_an_automatic_grab(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    tag = api.post("/tag", json={"label": "slow"}).json()["id"]
    current = api.get(f"/series/{series['id']}").json()
    assert api.put("/series", json=current | {"tags": [tag]}).status_code == 202
    body = {"tags": [tag], "usenetDelay": 600, "bypassIfHighestQuality": False}
    profile = api.post("/delayprofile", json=body).json()
    target = episode_id(api, series["id"], 1, 2)
    before = set(env.sab.jobs)
    state = wait_command(api, "EpisodeSearch", episodeIds=[target])
    assert state["status"] == "completed" and "0 grabbed" in state["message"], state
    assert set(env.sab.jobs) == before
    # the interactive search shows why (and, as the user's own pick, is not held back)
    [release] = api.get("/release", params={"episodeId": target}).json()
    assert release["approved"] is True

    assert api.put("/delayprofile", json=profile | {"usenetDelay": 0}).status_code == 202
    state = wait_command(api, "EpisodeSearch", episodeIds=[target])
    assert "1 grabbed" in state["message"], state
    assert api.delete(f"/delayprofile/{profile['id']}").status_code == 200


def test_release_profile_terms_reject_with_a_reason(env: GrabEnv, series: dict[str, Any]) -> None:
    api = env.api()
    assert errors(api.post("/releaseprofile", json={"name": "empty"})) == [
        ("Required", "'Must contain' or 'Must not contain' is required")
    ]
    assert errors(api.post("/releaseprofile", json={"ignored": ["x"], "indexerId": 999})) == [
        ("IndexerId", "Indexer does not exist")
    ]
    bad_regex = api.post("/releaseprofile", json={"required": ["/x(/i"]})
    assert errors(bad_regex)[0][0] == "Required"
    created = api.post(
        "/releaseprofile", json={"name": "no HDTV", "ignored": ["/\\bhdtv\\b/i"], "tags": []}
    )
    assert created.status_code == 201, created.text
    profile = created.json()
    assert profile["enabled"] is True and profile["ignored"] == ["/\\bhdtv\\b/i"]
    assert profile["indexerId"] == 0 and profile["required"] == []

    target = episode_id(api, series["id"], 1, 1)
    results = {r["title"]: r for r in api.get("/release", params={"episodeId": target}).json()}
    assert "Contains these ignored terms: /\\bhdtv\\b/i" in results[HDTV]["rejections"]
    assert results[WEB]["approved"] is True

    # required terms: one of them must be in the title (a comma-separated string is read too)
    changed = api.put(
        f"/releaseprofile/{profile['id']}", json=profile | {"ignored": [], "required": "CTU,FLUX"}
    )
    assert changed.status_code == 202, changed.text
    assert changed.json()["required"] == ["CTU", "FLUX"]
    results = {r["title"]: r for r in api.get("/release", params={"episodeId": target}).json()}
    assert results[HDTV]["approved"] is True
    assert "Does not contain one of the required terms: CTU, FLUX" in results[WEB]["rejections"]

    # a disabled profile, or one for another tag, does not apply
    assert api.put("/releaseprofile", json=changed.json() | {"enabled": False}).status_code == 202
    results = {r["title"]: r for r in api.get("/release", params={"episodeId": target}).json()}
    assert results[WEB]["approved"] is True
    assert api.delete(f"/releaseprofile/{profile['id']}").status_code == 200
    assert api.get("/releaseprofile").json() == []


def test_remote_path_mapping_crud_and_an_import_through_it(
    env: GrabEnv, series: dict[str, Any]
) -> None:
    api = env.api()
    local = env.root / "downloads" / "mapped"
    local.mkdir(parents=True)
    assert errors(api.post("/remotepathmapping", json={"host": "", "remotePath": "/x"})) == [
        ("Host", "'Host' must not be empty.")
    ]
    missing = {"host": "127.0.0.1", "remotePath": "/remote/usenet", "localPath": "/nope/x"}
    assert errors(api.post("/remotepathmapping", json=missing))[0][0] == "LocalPath"
    good = {"host": "127.0.0.1", "remotePath": "/remote/usenet", "localPath": str(local)}
    created = api.post("/remotepathmapping", json=good)
    assert created.status_code == 201, created.text
    mapping = created.json()
    assert mapping["remotePath"] == "/remote/usenet/"
    assert mapping["localPath"] == f"{local}/"
    assert errors(api.post("/remotepathmapping", json=good)) == [
        ("RemotePath", "RemotePath already configured.")
    ]
    assert api.get(f"/remotepathmapping/{mapping['id']}").json() == mapping

    # SABnzbd reports the job under its own path; we import it from ours
    env.sab.complete_dir = "/remote/usenet"
    target = episode_id(api, series["id"], 1, 1)
    before = set(env.sab.jobs)
    results = {r["title"]: r for r in api.get("/release", params={"episodeId": target}).json()}
    grab = api.post("/release", json={"guid": results[WEB]["guid"], "indexerId": 1})
    assert grab.status_code == 200, grab.text
    [nzo_id] = set(env.sab.jobs) - before
    remote = Path(env.sab.complete(nzo_id))
    assert str(remote).startswith("/remote/usenet/")
    folder = local / remote.relative_to("/remote/usenet")
    folder.mkdir(parents=True)
    (folder / f"{WEB}.mkv").write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 200_000)
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state
    [file] = api.get("/episodefile", params={"seriesId": series["id"]}).json()[-1:]
    assert file["sceneName"] == WEB or file["relativePath"].endswith(".mkv")
    assert not (folder / f"{WEB}.mkv").exists()  # moved out of the download folder

    assert api.delete(f"/remotepathmapping/{mapping['id']}").status_code == 200
    assert api.get("/remotepathmapping").json() == []
