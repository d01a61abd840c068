"""The Radarr v3 library API against recorded TMDB data, driven by pyarr and raw HTTP."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from pyarr import RadarrAPI

from tests.integration.movies.conftest import (
    IN_CINEMAS,
    STREAMING,
    TODAY,
    UPCOMING,
    wait_command,
)
from tests.support.fake_tmdb import JPEG, FakeTmdb
from tests.support.services import RunningService


def add(api: httpx.Client, root: Path, tmdb_id: int, **extra: Any) -> dict[str, Any]:
    body = {
        "tmdbId": tmdb_id,
        "title": "x",
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "minimumAvailability": "released",
        **extra,
    }
    response = api.post("/movie", json=body)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


def test_lookup_by_tmdb_imdb_and_text(radarr: RadarrAPI, api: httpx.Client) -> None:
    [matrix] = radarr.lookup_movie("tmdb:603")
    assert matrix["title"] == "The Matrix" and matrix["year"] == 1999
    assert matrix["imdbId"] == "tt0133093" and matrix["tmdbId"] == 603
    assert "id" not in matrix and "path" not in matrix  # not in the library yet (P9)
    assert matrix["folder"] == "The Matrix (1999)" and matrix["inCinemas"] == "1999-03-30T00:00:00Z"
    assert matrix["images"][0]["coverType"] == "poster" and matrix["status"] == "released"
    assert {"title": "The Matrix 1", "sourceType": "tmdb", "cleanTitle": "thematrix1"} in matrix[
        "alternateTitles"
    ]
    [taken] = radarr.lookup_movie("imdb:tt0936501")
    assert taken["tmdbId"] == 8681 and taken["collection"]["title"] == "Taken Collection"
    assert radarr.lookup_movie("tt0936501")[0]["tmdbId"] == 8681
    found = radarr.lookup_movie("The Matrix")
    assert len(found) == 20 and found[0]["tmdbId"] == 603 and found[0]["genres"]
    assert [m["tmdbId"] for m in radarr.lookup_movie("The Matrix Reloaded (2003)")] == [604]
    assert radarr.lookup_movie("tmdb:999999999") == []  # unknown id: empty, as Radarr
    assert api.get("/movie/lookup/tmdb", params={"tmdbId": 550}).json()["certification"] == "R"
    assert api.get("/movie/lookup/imdb", params={"imdbId": "tt9999999"}).status_code == 404


def test_add_get_lookup_update_delete_with_pyarr(
    radarr: RadarrAPI, api: httpx.Client, root: Path
) -> None:
    [matrix] = radarr.lookup_movie("tmdb:603")
    added = radarr.add_movie(matrix, str(root), 1, minimum_availability="released")
    assert added["id"] > 0 and added["path"] == str(root / "The Matrix (1999)")
    assert added["monitored"] is True and added["hasFile"] is False
    assert "movieFile" not in added and added["movieFileId"] == 0
    assert added["minimumAvailability"] == "released" and added["isAvailable"] is True
    assert added["titleSlug"] == "the-matrix-603" and added["statistics"]["movieFileCount"] == 0
    got = radarr.get_movie(added["id"])
    assert (
        isinstance(got, dict) and got["images"][0]["url"] == f"/MediaCover/{added['id']}/poster.jpg"
    )
    assert [m["id"] for m in api.get("/movie", params={"tmdbId": 603}).json()] == [added["id"]]
    assert [m["id"] for m in radarr.get_movie(603, tmdb=True)] == [added["id"]]  # ?tmdbid=
    assert api.get("/movie", params={"tmdbId": 604}).json() == []
    assert api.get("/moviefile", params={"movieId": added["id"]}).json() == []
    # P7 + P9: PUT with the id only in the body; the lookup then carries id, path, tags
    tag = radarr.create_tag("requested")
    got.update(tags=[tag["id"]], monitored=False, minimumAvailability="inCinemas")
    response = api.put("/movie", json=got)
    assert response.status_code == 202, response.text
    [again] = radarr.lookup_movie("tmdb:603")
    assert again["id"] == added["id"] and again["path"] == added["path"]
    assert again["tags"] == [tag["id"]] and again["monitored"] is False
    assert again["minimumAvailability"] == "inCinemas"
    updated = radarr.upd_movie({**again, "monitored": True})
    assert updated["monitored"] is True and updated["tags"] == [tag["id"]]
    detail = api.get(f"/tag/detail/{tag['id']}").json()
    assert detail["movieIds"] == [added["id"]]
    again_body = {**matrix, "qualityProfileId": 1, "rootFolderPath": str(root)}
    duplicate = api.post("/movie", json=again_body)
    assert duplicate.status_code == 400 and duplicate.json()[0]["propertyName"] == "tmdbId"
    folder = Path(added["path"])
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("kept?")
    radarr.del_movie(added["id"], delete_files=True, add_exclusion=True)
    assert not folder.exists() and api.get(f"/movie/{added['id']}").status_code == 404
    assert api.delete(f"/movie/{added['id']}").status_code == 404


def test_import_existing_folder_rescan_and_moviefile(
    radarr: RadarrAPI, api: httpx.Client, root: Path
) -> None:
    folder = root / "Taken (2008)"
    folder.mkdir()
    video = folder / "Taken.2008.Extended.Cut.1080p.BluRay.x264-GRP.mkv"
    video.write_bytes(b"\0" * 4096)
    (folder / "Taken.2008.sample.mkv").write_bytes(b"\0" * 8192)  # bigger, but a sample
    unmapped = api.get("/rootfolder").json()[0]["unmappedFolders"]
    assert {"name": "Taken (2008)", "path": str(folder)}.items() <= unmapped[0].items()
    body = [{"tmdbId": 8681, "title": "Taken", "path": str(folder), "qualityProfileId": 1}]
    [imported] = radarr.import_movies(body)
    assert imported["hasFile"] is True and imported["sizeOnDisk"] == 4096
    file = imported["movieFile"]
    assert file["relativePath"] == video.name and file["path"] == str(video)
    assert (
        file["quality"]["quality"]["name"] == "Bluray-1080p" and file["edition"] == "Extended Cut"
    )
    assert file["releaseGroup"] == "GRP" and imported["statistics"]["releaseGroups"] == ["GRP"]
    assert api.get("/rootfolder").json()[0]["unmappedFolders"] == []
    assert [f["id"] for f in api.get("/moviefile", params={"movieId": imported["id"]}).json()] == [
        file["id"]
    ]
    by_id: Any = radarr.get_movie_file(file["id"])  # pyarr types it as a list; it is one file
    assert by_id["movieId"] == imported["id"]
    assert api.get("/moviefile/999999").status_code == 404
    # the file goes away on disk; Bazarr-style RescanMovie {movieId} notices
    video.unlink()
    state = wait_command(
        api, api.post("/command", json={"name": "RescanMovie", "movieId": imported["id"]}).json()
    )
    assert state["status"] == "completed", state
    assert api.get(f"/movie/{imported['id']}").json()["hasFile"] is False
    (folder / "Taken.2008.2160p.WEB-DL.DDP5.1.H.265-NEW.mkv").write_bytes(b"\0" * 100)
    state = wait_command(api, api.post("/command", json={"name": "rescanmovie"}).json())
    assert state["status"] == "completed", state
    rescanned = api.get(f"/movie/{imported['id']}").json()
    assert rescanned["movieFile"]["quality"]["quality"]["name"] == "WEBDL-2160p"
    assert (
        api.delete(f"/movie/{imported['id']}", params={"deleteFiles": "false"}).status_code == 200
    )
    assert folder.is_dir()  # without deleteFiles the folder stays


def test_hostile_paths_are_refused(api: httpx.Client, root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for body in (
        {"path": "/etc/passwd-folder"},
        {"path": f"{root}/../../escape"},
        {"path": str(root)},  # the root folder itself is not a movie folder
        {"path": "relative/folder"},
        {"path": f"{root}/bad\x00name"},
        {"rootFolderPath": str(outside)},
        {"rootFolderPath": ""},
    ):
        full = {"tmdbId": 603, "qualityProfileId": 1, **body}
        response = api.post("/movie", json=full)
        assert response.status_code == 400, (body, response.text)
        assert response.json()[0]["propertyName"] in ("path", "rootFolderPath")
    (root / "link").symlink_to(outside)
    assert (
        api.post(
            "/movie", json={"tmdbId": 603, "qualityProfileId": 1, "path": str(root / "link" / "x")}
        ).status_code
        == 400
    )
    added = add(api, root, 603)
    moved = api.put("/movie", json={**added, "path": str(outside / "The Matrix")})
    assert moved.status_code == 400 and moved.json()[0]["propertyName"] == "path"
    (root / "link").unlink()
    assert outside.is_dir()


def test_minimum_availability_is_available_and_status(api: httpx.Client, root: Path) -> None:
    upcoming = add(api, root, UPCOMING, minimumAvailability="announced")
    assert upcoming["status"] == "announced" and upcoming["isAvailable"] is True
    assert upcoming["inCinemas"] == f"{(TODAY + timedelta(days=30)).isoformat()}T00:00:00Z"
    showing = add(api, root, IN_CINEMAS, minimumAvailability="inCinemas")
    assert showing["status"] == "inCinemas" and showing["isAvailable"] is True
    assert showing["certification"] == "PG-13" and "digitalRelease" not in showing
    streaming = add(api, root, STREAMING)
    assert streaming["status"] == "released" and streaming["isAvailable"] is True
    assert streaming["digitalRelease"] == f"{(TODAY - timedelta(days=1)).isoformat()}T00:00:00Z"
    # the same movie in cinemas, asked to wait for a home release
    stricter = api.put("/movie", json={**showing, "minimumAvailability": "released"}).json()
    assert stricter["isAvailable"] is False and stricter["minimumAvailability"] == "released"
    bad = api.put("/movie", json={**showing, "minimumAvailability": "someday"})
    assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "minimumAvailability"


def test_calendar_window_and_wanted_missing(
    radarr: RadarrAPI, api: httpx.Client, root: Path
) -> None:
    upcoming = add(api, root, UPCOMING)
    add(api, root, IN_CINEMAS)
    streaming = add(api, root, STREAMING, monitored=False)
    day = timedelta(days=1)
    window = radarr.get_calendar(TODAY - 5 * day, TODAY + 31 * day, unmonitored=True)
    assert {m["tmdbId"] for m in window} == {UPCOMING, STREAMING}  # digital yesterday
    assert {m["tmdbId"] for m in radarr.get_calendar(TODAY - 5 * day, TODAY + 31 * day, False)} == {
        UPCOMING
    }
    [record] = [m for m in window if m["tmdbId"] == UPCOMING]
    assert record["id"] == upcoming["id"] and record["inCinemas"].startswith(
        (TODAY + 30 * day).isoformat()
    )
    assert api.get("/calendar", params={"start": "2026-13-01"}).status_code == 400
    tag = radarr.create_tag("calendar")
    api.put("/movie", json={**upcoming, "tags": [tag["id"]]})
    tagged = api.get(
        "/calendar",
        params={"start": "1999-01-01", "end": "2099-01-01", "tags": str(tag["id"])},
    ).json()
    assert [m["tmdbId"] for m in tagged] == [UPCOMING]
    everything = api.get(
        "/calendar", params={"start": "1999-01-01", "end": "2099-01-01", "unmonitored": "true"}
    ).json()
    assert {m["tmdbId"] for m in everything} == {UPCOMING, IN_CINEMAS, STREAMING}
    # wanted/missing: monitored movies without a file, paged with a cheap total (P8)
    page = api.get("/wanted/missing", params={"pageSize": 1}).json()
    assert page["totalRecords"] == 2 and len(page["records"]) == 1 and page["page"] == 1
    assert page["records"][0]["title"] == "Now Showing"  # sorted by sort title
    second = api.get("/wanted/missing", params={"pageSize": 1, "page": 2}).json()
    assert second["records"][0]["title"] == "Upcoming Feature"
    assert (
        api.get("/wanted/missing", params={"monitored": "false"}).json()["records"][0]["id"]
        == streaming["id"]
    )
    newest = api.get(
        "/wanted/missing",
        params={"sortKey": "movieMetadata.inCinemas", "sortDirection": "descending"},
    ).json()
    assert [r["tmdbId"] for r in newest["records"]] == [UPCOMING, IN_CINEMAS]


def test_editor_and_refresh_command(
    radarr: RadarrAPI, api: httpx.Client, root: Path, tmdb: FakeTmdb
) -> None:
    first, second = add(api, root, 603), add(api, root, 604)
    tag = radarr.create_tag("bulk")
    edited = api.put(
        "/movie/editor",
        json={
            "movieIds": [first["id"], second["id"]],
            "monitored": False,
            "minimumAvailability": "announced",
            "tags": [tag["id"]],
            "applyTags": "add",
        },
    )
    assert edited.status_code == 202, edited.text
    assert {
        (m["monitored"], m["minimumAvailability"], tuple(m["tags"])) for m in edited.json()
    } == {(False, "announced", (tag["id"],))}
    state = wait_command(api, radarr.post_command("RefreshMovie", movieIds=[first["id"]]))
    assert state["status"] == "completed" and "Refreshed 1 movies" in state["message"], state
    tasks = {t["taskName"] for t in api.get("/system/task").json()}
    assert "RefreshMovie" in tasks
    # covers are cached on add and refresh, served authenticated
    site = str(api.base_url).rstrip("/").removesuffix("/api/v3")
    deadline = time.monotonic() + 10
    cover = api.get(f"{site}/MediaCover/{first['id']}/poster.jpg")
    while cover.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
        cover = api.get(f"{site}/MediaCover/{first['id']}/poster.jpg")
    assert cover.content == JPEG
    assert api.get(f"{site}/MediaCover/{first['id']}/poster-250.jpg").content == JPEG
    assert api.get(f"/mediacover/{first['id']}/fanart.jpg?lastWrite=1").content == JPEG
    anonymous = httpx.get(f"{site}/MediaCover/{first['id']}/poster.jpg")
    assert anonymous.status_code == 401
    deleted = api.request(
        "DELETE",
        "/movie/editor",
        json={"movieIds": [first["id"], second["id"]], "deleteFiles": False},
    )
    assert deleted.status_code == 200 and api.get("/movie").json() == []


def test_refused_key_stores_nothing(api: httpx.Client, root: Path, tmdb: FakeTmdb) -> None:
    tmdb.api_key = "a-key-the-service-does-not-have"
    lookup = api.get("/movie/lookup", params={"term": "The Matrix"})
    assert lookup.status_code == 503 and "Invalid API key" in lookup.json()["message"]
    refused = api.post(
        "/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(root)}
    )
    assert refused.status_code == 503
    assert "MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY" in refused.json()["message"]
    assert api.get("/movie").json() == []


def test_validation_errors(api: httpx.Client, root: Path) -> None:
    for body, field in (
        ({"qualityProfileId": 1, "rootFolderPath": str(root)}, "tmdbId"),
        ({"tmdbId": 603, "rootFolderPath": str(root)}, "qualityProfileId"),
        (
            {"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": str(root), "tags": ["x"]},
            "tags",
        ),
        (
            {
                "tmdbId": 603,
                "qualityProfileId": 1,
                "rootFolderPath": str(root),
                "minimumAvailability": "soon",
            },
            "minimumAvailability",
        ),
    ):
        response = api.post("/movie", json=body)
        assert response.status_code == 400 and response.json()[0]["propertyName"] == field
    missing = api.post(
        "/movie", json={"tmdbId": 999999999, "qualityProfileId": 1, "rootFolderPath": str(root)}
    )
    assert missing.status_code == 404
    assert api.get("/movie").json() == []


def test_status_reports_radarr(movies: RunningService, radarr: RadarrAPI) -> None:
    status = radarr.get_system_status()
    assert status["appName"] == "Radarr" and status["version"].startswith("5.")


def test_movie_removed_from_tmdb_shows_as_deleted(
    api: httpx.Client, root: Path, tmdb: FakeTmdb
) -> None:
    added = add(api, root, UPCOMING)
    listed = api.get("/movie", params={"excludeLocalCovers": "true"}).json()
    assert listed[0]["images"][0]["url"] == listed[0]["images"][0]["remoteUrl"]
    saved = tmdb.movies.pop(UPCOMING)
    try:
        command = api.post("/command", json={"name": "RefreshMovie", "movieIds": [added["id"]]})
        state = wait_command(api, command.json())
        assert state["status"] == "failed", state
        assert api.get(f"/movie/{added['id']}").json()["status"] == "deleted"
    finally:
        tmdb.add_movie(saved)
