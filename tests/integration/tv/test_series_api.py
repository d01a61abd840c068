"""The Sonarr v3 library API against recorded TVmaze data, driven by pyarr and raw HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import SonarrAPI

from tests.integration.tv.conftest import GOT_TVDB, GOT_TVMAZE, POSTER, wait_command
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import RunningService

FLASH_TVDB = 279121


def add_got(api: httpx.Client, root: Path, **extra: Any) -> dict[str, Any]:
    body = {
        "tvdbId": GOT_TVDB,
        "title": "Game of Thrones",
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "seasonFolder": True,
        **extra,
    }
    response = api.post("/series", json=body)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


def monitored(api: httpx.Client, series_id: int) -> set[tuple[int, int]]:
    episodes = api.get("/episode", params={"seriesId": series_id}).json()
    return {(e["seasonNumber"], e["episodeNumber"]) for e in episodes if e["monitored"]}


def test_lookup_by_tvdb_id_and_by_text(sonarr: SonarrAPI) -> None:
    [flash] = sonarr.lookup_series(id_=FLASH_TVDB)
    assert flash["title"] == "The Flash" and flash["tvMazeId"] == 13
    assert flash["imdbId"] == "tt3107288" and flash["network"] == "The CW"
    assert "id" not in flash and "path" not in flash  # not in the library yet
    assert [s["seasonNumber"] for s in flash["seasons"]][:2] == [1, 2]
    assert flash["status"] == "continuing" and flash["year"] == 2014
    assert "<p>" not in flash["overview"] and flash["overview"].startswith("After a particle")
    girls = sonarr.lookup_series(term="girls")
    assert len(girls) == 10 and girls[0]["title"] == "Girls" and girls[0]["tvdbId"] == 220411
    assert sonarr.lookup_series(id_=999999999) == []  # unknown id: empty, as Sonarr
    assert sonarr.lookup_series(term="imdb:tt3107288")[0]["tvdbId"] == FLASH_TVDB


def test_add_get_lookup_update_delete_with_pyarr(
    sonarr: SonarrAPI, api: httpx.Client, root: Path
) -> None:
    [flash] = sonarr.lookup_series(id_=FLASH_TVDB)
    added = sonarr.add_series(flash, 1, 1, str(root))
    assert added["id"] > 0 and added["path"] == str(root / "The Flash")
    assert added["tvdbId"] == FLASH_TVDB and added["qualityProfileId"] == 1
    assert added["seasons"][0]["monitored"] is True
    assert added["statistics"]["totalEpisodeCount"] == 0  # the recording has no episodes
    got = sonarr.get_series(added["id"])
    assert got["titleSlug"] and got["images"][0]["url"] == f"/MediaCover/{added['id']}/poster.jpg"
    # P9: the lookup of a series in the library carries its real id, path and tags
    tag = sonarr.create_tag("requested")
    got["tags"] = [tag["id"]]
    got["monitored"] = False
    got["seasons"][1]["monitored"] = False
    response = api.put("/series", json=got)  # P7: id only in the body
    assert response.status_code == 202, response.text
    [again] = sonarr.lookup_series(id_=FLASH_TVDB)
    assert again["id"] == added["id"] and again["path"] == added["path"]
    assert again["tags"] == [tag["id"]] and again["monitored"] is False
    assert [s["monitored"] for s in again["seasons"]][:3] == [True, False, True]
    assert [s["id"] for s in sonarr.get_series(FLASH_TVDB, tvdb=True)] == [added["id"]]
    again_body = {**flash, "qualityProfileId": 1, "rootFolderPath": str(root)}
    assert api.post("/series", json=again_body).status_code == 400  # already added
    folder = Path(added["path"])
    folder.mkdir()
    sonarr.del_series(added["id"], delete_files=False)
    assert folder.is_dir()  # deleteFiles=false keeps the folder
    assert api.get(f"/series/{added['id']}").status_code == 404
    folder.rmdir()


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("all", lambda s, e: s > 0),
        ("future", lambda s, e: s == 8),
        ("missing", lambda s, e: s > 0 and (s, e) not in {(1, 1), (1, 2)}),
        ("existing", lambda s, e: (s, e) in {(1, 1), (1, 2)}),
        ("firstSeason", lambda s, e: s == 1),
        ("lastSeason", lambda s, e: s == 8),
        ("latestSeason", lambda s, e: s == 8),  # Sonarr v3's spelling
        ("pilot", lambda s, e: (s, e) == (1, 1)),
        ("none", lambda s, e: False),
    ],
)
def test_add_monitor_options(api: httpx.Client, root: Path, option: str, expected: Any) -> None:
    season1 = root / "Game of Thrones" / "Season 01"
    season1.mkdir(parents=True, exist_ok=True)
    for name in ("Game.of.Thrones.S01E01.720p.mkv", "Game.of.Thrones.S01E02.720p.mkv"):
        (season1 / name).write_bytes(b"x" * 1000)
    added = add_got(api, root, addOptions={"monitor": option})
    episodes = api.get("/episode", params={"seriesId": added["id"]}).json()
    assert len(episodes) == 73
    want = {
        (e["seasonNumber"], e["episodeNumber"])
        for e in episodes
        if expected(e["seasonNumber"], e["episodeNumber"])
    }
    assert monitored(api, added["id"]) == want
    seasons = {s["seasonNumber"]: s["monitored"] for s in added["seasons"]}
    assert seasons == {n: any(s == n for s, _ in want) for n in range(1, 9)}
    stats = added["statistics"]
    assert stats["episodeFileCount"] == 2 and stats["totalEpisodeCount"] == 73
    assert stats["sizeOnDisk"] == 2000 and stats["seasonCount"] == 8
    assert added["seasons"][0]["statistics"]["episodeFileCount"] == 2
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    wanted_or_held = [
        e
        for e in episodes
        if e["hasFile"] or (e["monitored"] and e.get("airDateUtc", "9999") <= now)
    ]
    assert stats["episodeCount"] == len(wanted_or_held)
    assert stats["percentOfEpisodes"] == round(200 / max(len(wanted_or_held), 1), 2)
    api.delete(f"/series/{added['id']}", params={"deleteFiles": "true"})
    assert not (root / "Game of Thrones").exists()


def test_seasons_episodes_and_files(sonarr: SonarrAPI, api: httpx.Client, root: Path) -> None:
    added = add_got(
        api, root, seasons=[{"seasonNumber": n, "monitored": n == 2} for n in range(1, 9)]
    )
    assert monitored(api, added["id"]) == {(2, n) for n in range(1, 11)}  # from seasons[]
    series = sonarr.get_series(added["id"])
    series["seasons"][2]["monitored"] = True  # season 3 on: its episodes follow
    series["seasons"][1]["monitored"] = False
    sonarr.upd_series(series)
    assert monitored(api, added["id"]) == {(3, n) for n in range(1, 11)}
    episodes = sonarr.get_episode(added["id"], series=True)
    first, second = episodes[0], episodes[1]
    assert first["airDate"] == "2011-04-17" and first["airDateUtc"] == "2011-04-18T01:00:00Z"
    assert first["title"] == "Winter is Coming" and first["hasFile"] is False
    changed = sonarr.upd_episode_monitor([first["id"], second["id"]], True)
    assert {e["id"] for e in changed} == {first["id"], second["id"]}
    assert all(e["monitored"] for e in changed)
    one = api.put(f"/episode/{first['id']}", json={**first, "monitored": False}).json()
    assert one["monitored"] is False and one["series"]["id"] == added["id"]
    assert sonarr.get_episode(second["id"])["monitored"] is True
    assert api.get("/episode/999999").status_code == 404
    finale = episodes[-1]
    assert finale["seasonNumber"] == 8 and "airDateUtc" not in finale  # not dated yet


def test_rescan_refresh_and_covers(
    tv: RunningService, api: httpx.Client, root: Path, tvmaze: FakeTvMaze
) -> None:
    added = add_got(api, root)
    season = root / "Game of Thrones" / "Season 01"
    season.mkdir(parents=True, exist_ok=True)
    video = season / "Game.of.Thrones.S01E02.720p.WEB-DL.DD5.1.H.264-NTb.mkv"
    video.write_bytes(b"v" * 4096)
    (season / "notes.txt").write_text("not a video")
    command = api.post("/command", json={"name": "RescanSeries", "seriesId": added["id"]})
    assert wait_command(api, command.json())["status"] == "completed"
    episode = next(
        e
        for e in api.get("/episode", params={"seriesId": added["id"], "seasonNumber": 1}).json()
        if e["episodeNumber"] == 2
    )
    assert episode["hasFile"] is True and episode["episodeFileId"] > 0
    [file] = api.get("/episodeFile", params={"seriesId": added["id"]}).json()
    assert file["relativePath"] == f"Season 01/{video.name}" and file["size"] == 4096
    assert file["quality"]["quality"]["name"] == "WEBDL-720p"  # read from the name, as Sonarr
    assert file["releaseGroup"] == "NTb"
    assert api.get(f"/episodefile/{file['id']}").json()["path"] == str(video)
    assert api.get(f"/series/{added['id']}").json()["statistics"]["sizeOnDisk"] == 4096
    video.unlink()
    command = api.post("/command", json={"name": "rescanseries", "seriesId": added["id"]})
    assert wait_command(api, command.json())["status"] == "completed"
    assert api.get("/episodefile", params={"seriesId": added["id"]}).json() == []
    calls = tvmaze.calls(f"/shows/{GOT_TVMAZE}/episodes")
    command = api.post("/command", json={"name": "RefreshSeries", "seriesId": added["id"]})
    assert wait_command(api, command.json())["status"] == "completed"
    assert tvmaze.calls(f"/shows/{GOT_TVMAZE}/episodes") == calls + 1
    cover = tv.settings.config_dir / "MediaCover" / str(added["id"]) / "poster.jpg"
    assert cover.read_bytes() == POSTER
    served = httpx.get(
        f"{tv.url}/MediaCover/{added['id']}/poster.jpg", headers={"X-Api-Key": tv.api_key}
    )
    assert served.status_code == 200 and served.content == POSTER
    assert httpx.get(f"{tv.url}/MediaCover/{added['id']}/poster.jpg").status_code == 401
    assert any(t["taskName"] == "RefreshSeries" for t in api.get("/system/task").json())


def test_import_existing_folder(api: httpx.Client, root: Path) -> None:
    folder = root / "GoT (existing)"
    (folder / "S2").mkdir(parents=True)
    (folder / "S2" / "got.s02e03.mkv").write_bytes(b"x" * 10)
    (folder / "S2" / "got.2x04.mkv").write_bytes(b"x" * 10)
    response = api.post(
        "/series/import",
        json=[
            {
                "tvdbId": GOT_TVDB,
                "title": "Game of Thrones",
                "qualityProfileId": 1,
                "path": str(folder),
                "addOptions": {"monitor": "missing"},
            }
        ],
    )
    assert response.status_code == 200, response.text  # the original's import is a plain 200
    [imported] = response.json()
    assert imported["path"] == str(folder) and imported["rootFolderPath"] == str(root)
    assert imported["statistics"]["episodeFileCount"] == 2
    with_files = {
        (e["seasonNumber"], e["episodeNumber"])
        for e in api.get("/episode", params={"seriesId": imported["id"]}).json()
        if e["hasFile"]
    }
    assert with_files == {(2, 3), (2, 4)}
    assert (2, 3) not in monitored(api, imported["id"])


def test_delete_files_stays_inside_root_folders(
    api: httpx.Client, root: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    folder_id = api.post("/rootfolder", json={"path": str(other)}).json()["id"]
    added = add_got(api, other)
    series_folder = Path(added["path"])
    series_folder.mkdir()
    (series_folder / "keep.mkv").write_bytes(b"x")
    api.delete(f"/rootfolder/{folder_id}")  # the series' root is no longer a root folder
    assert api.delete(f"/series/{added['id']}", params={"deleteFiles": "true"}).status_code == 200
    assert (series_folder / "keep.mkv").exists()  # outside every root folder: untouched
    inside = add_got(api, root)
    Path(inside["path"]).mkdir(exist_ok=True)
    assert api.delete(f"/series/{inside['id']}", params={"deleteFiles": "true"}).status_code == 200
    assert not Path(inside["path"]).exists()


def test_editor_and_case_insensitive_routes(
    api: httpx.Client, root: Path, tv: RunningService
) -> None:
    added = add_got(api, root)
    edited = api.put(
        "/series/editor",
        json={"seriesIds": [added["id"]], "monitored": False, "tags": [5, 6], "applyTags": "add"},
    )
    assert edited.status_code == 202 and edited.json()[0]["tags"] == [5, 6]
    listed = httpx.get(f"{tv.url}/api/v3/Series", headers={"X-Api-Key": tv.api_key}).json()
    assert [s["monitored"] for s in listed] == [False]
    unversioned = httpx.get(f"{tv.url}/api/Series/{added['id']}", params={"apikey": tv.api_key})
    assert unversioned.status_code == 200
    gone = api.request("DELETE", "/series/editor", json={"seriesIds": [added["id"]]})
    assert gone.status_code == 200 and api.get("/series").json() == []


def test_language_profile_stub(api: httpx.Client) -> None:
    [profile] = api.get("/languageprofile").json()  # pyarr's call for it is deprecated
    assert profile == {**profile, "id": 1, "name": "Deprecated"}
    assert api.put("/languageProfile/1", json={"id": 1, "name": "x"}).json()["name"] == "Deprecated"
    assert api.post("/languageprofile", json={"name": "x"}).status_code == 201


def test_hostile_and_failing_inputs(
    api: httpx.Client, root: Path, tvmaze: FakeTvMaze, tmp_path: Path
) -> None:
    outside = api.post(
        "/series", json={"tvdbId": GOT_TVDB, "qualityProfileId": 1, "path": str(tmp_path / "x")}
    )
    assert outside.status_code == 400 and outside.json()[0]["propertyName"] == "path"
    escape = api.post(
        "/series",
        json={"tvdbId": GOT_TVDB, "qualityProfileId": 1, "path": f"{root}/../../etc"},
    )
    assert escape.status_code == 400
    not_root = api.post(
        "/series", json={"tvdbId": GOT_TVDB, "qualityProfileId": 1, "rootFolderPath": "/tmp"}
    )
    assert not_root.status_code == 400
    no_profile = api.post("/series", json={"tvdbId": GOT_TVDB, "rootFolderPath": str(root)})
    assert no_profile.json()[0]["propertyName"] == "qualityProfileId"
    unknown = api.post(
        "/series", json={"tvdbId": 999999999, "qualityProfileId": 1, "rootFolderPath": str(root)}
    )
    assert unknown.status_code == 404
    bad_option = add_body = {
        "tvdbId": GOT_TVDB,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "addOptions": {"monitor": "everything"},
    }
    assert api.post("/series", json=bad_option).status_code == 400
    tvmaze.outage = True
    try:
        down = api.post("/series", json={**add_body, "addOptions": {"monitor": "all"}})
        assert down.status_code == 503 and "TVmaze" in down.json()["message"]
        assert api.get("/series/lookup", params={"term": "tvdb:1"}).status_code == 503
    finally:
        tvmaze.outage = False
    assert api.get("/series").json() == []  # nothing stored
    tvmaze.fail_next(2, 429)  # rate limited twice, then answered
    assert add_got(api, root)["tvdbId"] == GOT_TVDB
    assert api.put("/series", json={"id": 424242}).status_code == 404


def test_wanted_missing_is_paged_with_a_cheap_count(
    sonarr: SonarrAPI, api: httpx.Client, root: Path
) -> None:
    added = add_got(api, root, addOptions={"monitor": "all"})
    first = api.get("/wanted/missing", params={"pageSize": 1}).json()
    assert first["totalRecords"] == 67  # 73 episodes, 6 of them not aired yet
    assert first["page"] == 1 and first["pageSize"] == 1 and len(first["records"]) == 1
    assert first["records"][0]["seasonNumber"] == 7  # newest first
    oldest = api.get(
        "/wanted/missing",
        params={"page": 2, "pageSize": 10, "sortDirection": "ascending", "includeSeries": True},
    ).json()
    assert [r["seasonNumber"] for r in oldest["records"]] == [2] * 10
    assert oldest["records"][0]["series"]["id"] == added["id"]
    api.put("/series", json={**sonarr.get_series(added["id"]), "monitored": False})
    assert api.get("/wanted/missing").json()["totalRecords"] == 0


def test_tags_and_root_folders_know_the_library(api: httpx.Client, root: Path) -> None:
    tag = api.post("/tag", json={"label": "drama"}).json()
    (root / "Not Yet Added").mkdir()
    series = add_got(api, root, tags=[tag["id"]])
    detail = api.get(f"/tag/detail/{tag['id']}").json()
    assert detail["seriesIds"] == [series["id"]]
    Path(series["path"]).mkdir(parents=True, exist_ok=True)
    [folder] = [f for f in api.get("/rootfolder").json() if f["path"] == str(root)]
    unmapped = {u["name"] for u in folder["unmappedFolders"]}
    assert "Not Yet Added" in unmapped
    assert Path(series["path"]).name not in unmapped  # already a series
