"""What the new movie routes do, beyond their shapes: file edits and deletes (recycled
and in history), cutoff-unmet movies and their search, exclusions' rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyarr import RadarrAPI

from tests.integration.movies.contract.conftest import MovieRig
from tests.integration.movies.contract.routes import MIRRORS, with_spare_file
from tests.integration.tv.grab.conftest import wait_command
from tests.support.contract_engine import recycle_bin as recycle_bin_at


def radarr(rig: MovieRig) -> RadarrAPI:
    return RadarrAPI(rig.env.service.url, rig.env.service.api_key)


@pytest.fixture
def recycle_bin(rig: MovieRig, tmp_path: Path) -> Iterator[Path]:
    with recycle_bin_at(rig.api, tmp_path / "recycle") as folder:
        yield folder


def test_cutoff_unmet_lists_the_file_below_its_profile_cutoff(rig: MovieRig) -> None:
    body = rig.api.get("/wanted/cutoff", params={"pageSize": 1}).json()
    assert body["totalRecords"] == 1  # only The Matrix has a file, and it is HDTV-720p
    [matrix] = body["records"]
    assert matrix["id"] == rig.movie_id
    assert matrix["movieFile"]["quality"]["quality"]["name"] == "HDTV-720p"
    cutoff = next(
        p for p in rig.api.get("/qualityprofile").json() if p["id"] == matrix["qualityProfileId"]
    )
    lenient = rig.api.put(
        f"/qualityprofile/{cutoff['id']}", json=cutoff | {"upgradeAllowed": False}
    )
    assert lenient.status_code == 202, lenient.text
    try:
        assert rig.api.get("/wanted/cutoff").json()["totalRecords"] == 0  # no upgrades wanted
    finally:
        rig.api.put(f"/qualityprofile/{cutoff['id']}", json=cutoff)


def test_cutoff_unmet_search_grabs_the_upgrade(rig: MovieRig) -> None:
    before = {r["id"] for r in rig.api.get("/queue/details").json()}
    state = wait_command(rig.api, "CutoffUnmetMoviesSearch")
    assert state["status"] == "completed", state
    assert "1 grabbed" in state["message"], state["message"]
    wait_command(rig.api, "RefreshMonitoredDownloads")
    fresh = [r for r in rig.api.get("/queue/details").json() if r["id"] not in before]
    assert [r["movieId"] for r in fresh] == [rig.movie_id]
    assert fresh[0]["title"].startswith("The.Matrix.1999.1080p.WEB-DL")
    rig.api.delete(f"/queue/{fresh[0]['id']}", params={"removeFromClient": "true"})


def test_a_file_edit_is_checked_then_kept(rig: MovieRig) -> None:
    current = rig.api.get(f"/moviefile/{rig.file_id}").json()
    qualities = {
        d["quality"]["name"]: d["quality"] for d in rig.api.get("/qualitydefinition").json()
    }
    try:
        bad = rig.api.put("/moviefile", json=current | {"quality": {"quality": {"id": 9999}}})
        assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "quality"
        assert rig.api.get(f"/moviefile/{rig.file_id}").json() == current  # nothing written
        body = current | {
            "releaseGroup": "FIXED",
            "edition": "Director's Cut",
            "quality": {"quality": qualities["Bluray-720p"], "revision": {"version": 2}},
            "languages": [{"id": 1, "name": "English"}, {"id": 3, "name": "Spanish"}],
        }
        edited = rig.api.put("/moviefile", json=body)  # id in the body (P7), as pyarr sends
        assert edited.status_code == 202, edited.text
        stored = radarr(rig).get_movie_file(rig.file_id)
        assert stored["releaseGroup"] == "FIXED" and stored["edition"] == "Director's Cut"
        assert stored["quality"]["quality"]["name"] == "Bluray-720p"
        assert stored["quality"]["revision"]["version"] == 2
        assert [lang["name"] for lang in stored["languages"]] == ["English", "Spanish"]
        many = rig.api.put(
            "/moviefile/editor", json={"movieFileIds": [rig.file_id], "sceneName": "Scene"}
        )
        assert [f["sceneName"] for f in many.json()] == ["Scene"]
        assert many.json()[0]["releaseGroup"] == "FIXED"  # fields not given stay
    finally:
        keep = {k: current[k] for k in ("releaseGroup", "edition", "quality", "languages")}
        rig.api.put(f"/moviefile/{rig.file_id}", json=keep | {"sceneName": current["sceneName"]})


def _history(rig: MovieRig, movie_id: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = rig.api.get(
        "/history/movie", params={"movieId": movie_id}
    ).json()
    return records


def test_deleting_a_file_recycles_it_and_records_it(rig: MovieRig, recycle_bin: Path) -> None:
    seen: dict[str, Any] = {}

    def delete(file_id: int) -> Any:
        [file] = rig.api.get("/moviefile", params={"movieFileIds": file_id}).json()
        seen["file"] = file
        return radarr(rig).del_movie_file(file_id)

    with_spare_file(rig, delete)
    file = seen["file"]
    assert not Path(file["path"]).exists()
    assert (recycle_bin / "Mirrors (2008)" / Path(file["path"]).name).is_file()
    [event] = [e for e in _history(rig, file["movieId"]) if e["eventType"] == "movieFileDeleted"]
    assert event["data"]["reason"] == "Manual"
    assert event["data"]["recycleBinPath"].startswith(str(recycle_bin))


def test_bulk_delete_checks_every_id_first(rig: MovieRig) -> None:
    def delete(file_id: int) -> Any:
        missing = rig.api.request(
            "DELETE", "/moviefile/bulk", json={"movieFileIds": [file_id, 999999]}
        )
        assert missing.status_code == 404
        assert rig.api.get(f"/moviefile/{file_id}").status_code == 200  # nothing removed
        radarr(rig).del_movie_file([file_id])
        assert rig.api.get(f"/moviefile/{file_id}").status_code == 404
        movie = rig.api.get("/movie", params={"tmdbId": MIRRORS}).json()
        assert [m["hasFile"] for m in movie] == [False]
        return None

    with_spare_file(rig, delete)


def test_exclusions_refuse_duplicates_and_bad_ids(rig: MovieRig) -> None:
    api = rig.api
    created = api.post("/exclusions", json={"tmdbId": 777001, "movieTitle": "Gone"}).json()
    try:
        again = api.post("/exclusions", json={"tmdbId": 777001, "movieTitle": "Again"})
        assert again.status_code == 400
        assert again.json()[0]["errorMessage"] == "This exclusion has already been added."
        zero = api.post("/exclusions", json={"tmdbId": 0, "movieTitle": "Nothing"})
        assert zero.status_code == 400 and zero.json()[0]["propertyName"] == "TmdbId"
        bulk = api.post(
            "/exclusions/bulk",
            json=[{"tmdbId": 777001, "movieTitle": "Dup"}, {"tmdbId": 777002, "movieTitle": "New"}],
        )
        assert [e["tmdbId"] for e in bulk.json()] == [777002]  # the held one is skipped
        paged = api.get("/exclusions/paged", params={"pageSize": 1}).json()
        assert paged["totalRecords"] == 2 and len(paged["records"]) == 1
        api.request("DELETE", "/exclusions/bulk", json={"ids": [bulk.json()[0]["id"]]})
        assert [e["tmdbId"] for e in api.get("/exclusions").json()] == [777001]
    finally:
        api.delete(f"/exclusions/{created['id']}")
