"""What the new music routes do, beyond their shapes: track file edits and deletes
(recycled, in history, the track left without a file), the cutoff search, exclusions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyarr import LidarrAPI

from tests.integration.music.contract.conftest import MusicRig, spare_track
from tests.integration.tv.grab.conftest import wait_command
from tests.support.contract_engine import recycle_bin as recycle_bin_at


def lidarr(rig: MusicRig) -> LidarrAPI:
    return LidarrAPI(rig.service.url, rig.service.api_key)


@pytest.fixture
def recycle_bin(rig: MusicRig, tmp_path: Path) -> Iterator[Path]:
    with recycle_bin_at(rig.api, tmp_path / "recycle") as folder:
        yield folder


def test_a_track_file_edit_is_checked_then_kept(rig: MusicRig) -> None:
    current = rig.api.get(f"/trackfile/{rig.file_id}").json()
    definitions = rig.api.get("/qualitydefinition").json()
    flac = next(d["quality"] for d in definitions if d["quality"]["name"] == "FLAC")
    try:
        bad = rig.api.put("/trackfile", json=current | {"quality": "FLAC"})
        assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "quality"
        edited = lidarr(rig).upd_track_file(current | {"quality": {"quality": flac}})
        assert edited["quality"]["quality"]["name"] == "FLAC"
        assert rig.api.get(f"/trackfile/{rig.file_id}").json()["quality"]["quality"] == flac
        many = rig.api.put(
            "/trackfile/editor", json={"trackFileIds": [rig.file_id], "releaseGroup": "GRP"}
        )
        assert many.status_code == 202 and many.json()[0]["releaseGroup"] == "GRP"
        assert many.json()[0]["quality"]["quality"]["name"] == "FLAC"  # not given: kept
    finally:
        restore = {k: current[k] for k in ("quality", "releaseGroup", "sceneName")}
        rig.api.put(f"/trackfile/{rig.file_id}", json=restore)


def _tracks(rig: MusicRig) -> dict[str, dict[str, Any]]:
    listed = rig.api.get("/track", params={"albumId": rig.plus_id}).json()
    return {t["title"]: t for t in listed}


def test_deleting_a_track_file_recycles_it_and_records_it(rig: MusicRig, recycle_bin: Path) -> None:
    file_id = spare_track(rig)
    file = rig.api.get(f"/trackfile/{file_id}").json()
    assert _tracks(rig)["Drunk"]["hasFile"] is True
    lidarr(rig).delete_track_file(file_id)
    assert rig.api.get(f"/trackfile/{file_id}").status_code == 404
    assert not Path(file["path"]).exists()
    assert (recycle_bin / "Ed Sheeran" / "02 - Drunk.mp3").is_file()
    assert _tracks(rig)["Drunk"]["hasFile"] is False
    assert _tracks(rig)["The A Team"]["hasFile"] is True  # the other file stays
    history = rig.api.get(
        "/history", params={"pageSize": 50, "eventType": "trackFileDeleted"}
    ).json()["records"]
    [event] = [e for e in history if e["data"].get("path") == file["path"]]
    assert event["albumId"] == rig.plus_id and event["data"]["reason"] == "Manual"


def test_bulk_delete_checks_every_id_first(rig: MusicRig) -> None:
    file_id = spare_track(rig)
    missing = rig.api.request("DELETE", "/trackfile/bulk", json={"trackFileIds": [file_id, 9999]})
    assert missing.status_code == 404
    assert rig.api.get(f"/trackfile/{file_id}").status_code == 200  # nothing removed
    lidarr(rig).delete_track_file([file_id])
    assert rig.api.get(f"/trackfile/{file_id}").status_code == 404


def test_cutoff_unmet_search_looks_for_the_album(rig: MusicRig) -> None:
    searched = len(rig.feed.searches)
    state = wait_command(rig.api, "CutoffUnmetAlbumSearch")
    assert state["status"] == "completed", state
    assert state["message"].startswith("Cutoff unmet album search"), state["message"]
    asked = rig.feed.searches[searched:]
    assert asked and {s.get("album") for s in asked} == {"+"}


def test_exclusions_speak_lidarrs_fields(rig: MusicRig) -> None:
    api = rig.api
    mbid = "bbbbbbbb-1111-4222-8333-444444444444"
    created = api.post("/importlistexclusion", json={"foreignId": mbid, "artistName": "Gone"})
    assert created.status_code == 201, created.text
    try:
        assert created.json() == {
            "id": created.json()["id"],
            "foreignId": mbid,
            "artistName": "Gone",
        }
        again = api.post("/importlistexclusion", json={"foreignId": mbid, "artistName": "x"})
        assert again.status_code == 400
        assert again.json()[0]["errorMessage"] == "This exclusion has already been added."
        empty = api.post("/importlistexclusion", json={"foreignId": "", "artistName": "x"})
        assert empty.status_code == 400 and empty.json()[0]["propertyName"] == "ForeignId"
    finally:
        api.delete(f"/importlistexclusion/{created.json()['id']}")
