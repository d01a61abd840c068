"""The movie grab and import paths on a running service, through pyarr where it has the call.

Search and grab with decisions and reasons, availability, RSS, the queue, a completed
download imported under Radarr's naming (samples and trailers left), an upgrade to the
recycle bin, a failed download blocklisted and searched again, and the downloads that must
not import (a sample only, a release of several movies) refused with reasons, nothing lost.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from pyarr import RadarrAPI

from tests.integration.movies.conftest import UPCOMING
from tests.integration.movies.grab.conftest import GB, MATRIX, MovieEnv, MovieRelease, add_movie
from tests.integration.tv.grab.conftest import wait_command
from tests.support.media import make_clip
from tests.support.openapi import assert_component, assert_response

MATRIX_IMDB = "0133093"
WEB = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H.264-NTb"
BLURAY = "The.Matrix.1999.1080p.BluRay.x264-AMIABLE"
HDTV = "The.Matrix.1999.720p.HDTV.x264-LOW"


def radarr(env: MovieEnv) -> RadarrAPI:
    return RadarrAPI(env.service.url, env.service.api_key)


def new_job(env: MovieEnv, before: set[str]) -> str:
    [nzo_id] = set(env.sab.jobs) - before
    return nzo_id


def write_video(path: Path, size: int) -> Path:
    """A (tiny) Matroska-looking file, last written an hour ago (settled)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(range(256)) * (size // 256))
    old = time.time() - 3600
    os.utime(path, (old, old))
    return path


def run(env: MovieEnv, name: str, **body: Any) -> dict[str, Any]:
    """A command posted through pyarr, waited for until it ends."""
    command = radarr(env).post_command(name, **body)  # type: ignore[arg-type]
    deadline = time.monotonic() + 20
    while True:
        state: dict[str, Any] = env.api().get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


@pytest.fixture(scope="module")
def matrix(env: MovieEnv) -> dict[str, Any]:
    env.indexer.movies = [
        MovieRelease(WEB, 4 * GB, MATRIX_IMDB),
        MovieRelease(HDTV, 2 * GB, MATRIX_IMDB),
    ]
    naming = {
        "renameMovies": True,
        "colonReplacementFormat": "dash",
        "standardMovieFormat": "{Movie TitleThe} ({Release Year}) {Quality Full} {imdb-{ImdbId}}",
        "movieFolderFormat": "{Movie Title} ({Release Year})",
    }
    response = env.api().put("/config/naming", json=naming)
    assert response.status_code == 202, response.text
    return add_movie(env, MATRIX)


def test_naming_config_speaks_radarr(env: MovieEnv, matrix: dict[str, Any]) -> None:
    saved = radarr(env).get_config_naming()
    assert saved["colonReplacementFormat"] == "dash" and saved["renameMovies"] is True
    examples = env.api().get("/config/naming/examples").json()
    assert examples["movieExample"] == (
        "Movie Title, The (2010) Bluray-1080p Proper {imdb-tt0066921}.mkv"
    )
    assert examples["movieFolderExample"] == "The Movie Title (2010)"
    bad = env.api().put("/config/naming", json={"colonReplacementFormat": "sideways"})
    assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "colonReplacementFormat"
    folderless = env.api().put("/config/naming", json={"movieFolderFormat": "{Release Year}"})
    assert folderless.status_code == 400
    assert radarr(env).get_config_naming()["movieFolderFormat"] == "{Movie Title} ({Release Year})"


def test_interactive_search_shows_reasons_and_grabs(env: MovieEnv, matrix: dict[str, Any]) -> None:
    releases = {r["title"]: r for r in radarr(env).get_release(matrix["id"])}
    web, hdtv = releases[WEB], releases[HDTV]
    assert web["approved"] and web["mappedMovieId"] == matrix["id"] and web["tmdbId"] == MATRIX
    assert web["quality"]["quality"]["name"] == "WEBDL-1080p" and web["movieTitles"]
    assert not hdtv["approved"] and any("not wanted" in r for r in hdtv["rejections"])
    searched = env.indexer.fake.requests_for("movie")[-1].params
    assert searched["imdbid"] == MATRIX_IMDB

    before = set(env.sab.jobs)
    grabbed = radarr(env).post_release(web["guid"], web["indexerId"])
    assert grabbed["title"] == WEB
    nzo_id = new_job(env, before)
    [record] = radarr(env).get_queue_details(matrix["id"])
    assert record["movieId"] == matrix["id"] and record["downloadId"] == nzo_id
    assert "episodeId" not in record
    [event] = radarr(env).get_movie_history(matrix["id"], event_type="grabbed")
    assert event["movieId"] == matrix["id"] and event["data"]["tmdbId"] == str(MATRIX)
    paged = radarr(env).get_queue(include_unknown_movie_items=False)
    assert paged["totalRecords"] >= 1
    # the queue knows the grab now: the same release again is refused as queued
    again = {r["title"]: r for r in radarr(env).get_release(matrix["id"])}
    assert any("queue" in r for r in again[WEB]["rejections"])


def test_completed_download_imports_under_the_naming_scheme(
    env: MovieEnv, matrix: dict[str, Any]
) -> None:
    [record] = radarr(env).get_queue_details(matrix["id"])
    storage = Path(env.sab.complete(record["downloadId"]))
    main = write_video(storage / f"{WEB}.mkv", 300_000)
    sample = write_video(storage / "Sample" / f"{WEB}-sample.mkv", 20_000)
    trailer = write_video(storage / f"{WEB}-trailer.mkv", 30_000)
    content = main.read_bytes()

    state = wait_command(env.api(), "RefreshMonitoredDownloads")
    assert "1 imported" in state["message"], state["message"]
    [file] = radarr(env).get_movie_files_by_movie_id(matrix["id"])
    placed = Path(file["path"])
    assert placed.parent == Path(matrix["path"])
    assert placed.name == "Matrix, The (1999) WEBDL-1080p {imdb-tt0133093}.mkv"
    assert placed.read_bytes() == content and not main.exists()  # Usenet: moved
    assert sample.exists() and trailer.exists()  # left where they were
    assert file["quality"]["quality"]["name"] == "WEBDL-1080p"
    assert file["originalFilePath"] == str(main) and file["releaseGroup"] == "NTb"
    movie = env.api().get(f"/movie/{matrix['id']}").json()
    assert movie["hasFile"] is True
    imported = radarr(env).get_movie_history(matrix["id"], event_type="downloadFolderImported")
    assert imported[0]["data"]["importedPath"] == str(placed)
    assert any(d.get("value") == record["downloadId"] for d in env.sab.deletes)


def test_an_upgrade_sends_the_old_file_to_the_recycle_bin(
    env: MovieEnv, matrix: dict[str, Any], tmp_path: Path
) -> None:
    recycle = tmp_path / "recycle"
    recycle.mkdir()
    media = radarr(env).get_media_management()
    assert radarr(env).upd_media_management(media | {"recycleBin": str(recycle)})
    [old] = radarr(env).get_movie_files_by_movie_id(matrix["id"])
    drop = env.root / "downloads" / "usenet" / "movies" / BLURAY
    write_video(drop / f"{BLURAY}.mkv", 400_000)
    state = run(env, "DownloadedMoviesScan", path=str(drop))
    assert state["status"] == "completed", state
    [new] = radarr(env).get_movie_files_by_movie_id(matrix["id"])
    assert new["quality"]["quality"]["name"] == "Bluray-1080p" and new["path"] != old["path"]
    recycled = recycle / "The Matrix (1999)" / Path(old["path"]).name
    assert recycled.is_file() and not Path(old["path"]).exists()
    deleted = radarr(env).get_movie_history(matrix["id"], event_type="movieFileDeleted")
    assert deleted and deleted[0]["data"]["recycleBinPath"] == str(recycled)
    worse = env.root / "downloads" / "manual" / WEB
    write_video(worse / f"{WEB}.mkv", 100_000)
    [listed] = radarr(env).get_manual_import(str(worse))
    assert any(r["reason"].startswith("Not an upgrade") for r in listed["rejections"]), listed
    assert listed["movie"]["id"] == matrix["id"]


def test_a_sample_only_or_several_movies_download_is_refused_and_kept(
    env: MovieEnv, matrix: dict[str, Any]
) -> None:
    drops = env.root / "downloads" / "usenet" / "movies"
    only_sample = write_video(drops / "Sample.Only" / f"{BLURAY}.sample.mkv", 10_000)
    state = run(env, "DownloadedMoviesScan", path=str(only_sample.parent))
    assert state["status"] == "failed" and "Only a sample" in state["message"], state
    assert only_sample.exists()

    pack = drops / "Matrix.Trilogy.1080p.BluRay"
    one = write_video(pack / "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv", 100_000)
    two = write_video(pack / "The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP.mkv", 100_000)
    listed = radarr(env).get_manual_import(str(pack))
    reasons = {r["reason"] for item in listed for r in item["rejections"]}
    assert any("holds several movies" in r for r in reasons), reasons
    state = run(env, "DownloadedMoviesScan", path=str(pack))
    assert "holds several movies" in state["message"] and one.exists() and two.exists()


def test_a_short_real_video_named_as_the_film_is_a_sample(
    env: MovieEnv, matrix: dict[str, Any]
) -> None:
    """The film runs over an hour, so a 30-second file is a sample whatever its name says."""
    drop = env.root / "downloads" / "usenet" / "movies" / f"{BLURAY}.short"
    clip = make_clip(drop / f"{BLURAY}.mkv", 30)
    old = time.time() - 3600
    os.utime(clip, (old, old))
    [listed] = radarr(env).get_manual_import(str(drop))
    assert "Sample" in [r["reason"] for r in listed["rejections"]], listed
    assert clip.exists()


def test_a_failed_download_is_blocklisted_and_searched_again(
    env: MovieEnv, matrix: dict[str, Any]
) -> None:
    api = env.api()
    before = set(env.sab.jobs)
    env.indexer.movies = [MovieRelease(f"{BLURAY}.PROPER", 5 * GB, MATRIX_IMDB)]
    grabbed = [r for r in radarr(env).get_release(matrix["id"]) if r["approved"]]
    radarr(env).post_release(grabbed[0]["guid"], grabbed[0]["indexerId"])
    nzo_id = new_job(env, before)
    env.sab.fail(nzo_id, "Repair failed, not enough repair blocks")
    searches = sum(1 for c in api.get("/command").json() if c["name"] == "MoviesSearch")
    state = wait_command(api, "RefreshMonitoredDownloads")
    assert "1 failed" in state["message"], state["message"]
    [entry] = radarr(env).get_blocklist_by_movie_id(matrix["id"])
    assert entry["sourceTitle"] == f"{BLURAY}.PROPER" and entry["movieId"] == matrix["id"]
    failed = radarr(env).get_movie_history(matrix["id"], event_type="downloadFailed")
    assert "Repair failed" in failed[0]["data"]["message"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        queued = [c for c in api.get("/command").json() if c["name"] == "MoviesSearch"]
        if len(queued) > searches:
            break
        time.sleep(0.1)
    assert queued[0]["body"]["movieIds"] == [matrix["id"]]
    again = {r["title"]: r for r in radarr(env).get_release(matrix["id"])}
    assert "Release is blocklisted" in " ".join(again[f"{BLURAY}.PROPER"]["rejections"])


def test_minimum_availability_holds_back_automatic_grabs(env: MovieEnv) -> None:
    upcoming = add_movie(env, UPCOMING, minimumAvailability="released")
    year = upcoming["year"]
    title = f"Upcoming.Feature.{year}.1080p.WEB-DL.DD5.1.H.264-EARLY"
    env.indexer.movies = [MovieRelease(title, 3 * GB, str(UPCOMING), rss=True)]
    before = set(env.sab.jobs)
    state = wait_command(env.api(), "RssSync")
    assert state["status"] == "completed" and set(env.sab.jobs) == before, state["message"]
    state = wait_command(env.api(), "MissingMoviesSearch")
    assert state["status"] == "completed" and set(env.sab.jobs) == before
    env.indexer.movies = [MovieRelease(title, 3 * GB, str(UPCOMING))]
    releases = radarr(env).get_release(upcoming["id"])
    assert releases and releases[0]["approved"], releases  # a person may take it anyway
    state = wait_command(env.api(), "MoviesSearch", movieIds=[upcoming["id"]])
    assert len(set(env.sab.jobs) - before) == 1, state["message"]


def test_resources_match_radarrs_document(env: MovieEnv, matrix: dict[str, Any]) -> None:
    """Types and fields of the grab and import resources, per Radarr's OpenAPI document."""
    client = radarr(env)
    assert_component("radarr", "ReleaseResource", client.get_release(matrix["id"]), many=True)
    queue = client.get_queue_details(include_movie=True)
    assert queue and assert_component("radarr", "QueueResource", queue, many=True) is None
    history = client.get_movie_history(matrix["id"])
    assert history and assert_component("radarr", "HistoryResource", history, many=True) is None
    blocklist = client.get_blocklist()
    assert_component("radarr", "BlocklistResourcePagingResource", blocklist)
    files = client.get_movie_files_by_movie_id(matrix["id"])
    assert_component("radarr", "MovieFileResource", files, many=True)
    for path in ("/config/naming", "/config/mediamanagement"):
        body = env.api().get(path).json()
        assert_response("radarr", path, "get", body)


def test_queue_remove_with_blocklist(env: MovieEnv) -> None:
    records = radarr(env).get_queue_details(include_movie=True)
    [record] = [r for r in records if r.get("movie", {}).get("title") == "Upcoming Feature"]
    before = len(env.sab.deletes)
    radarr(env).del_queue(record["id"], remove_from_client=True, blocklist=True)
    assert len(env.sab.deletes) == before + 1
    [entry] = radarr(env).get_blocklist_by_movie_id(record["movieId"])
    assert entry["sourceTitle"].startswith("Upcoming.Feature.")
    assert not [r for r in radarr(env).get_queue_details() if r["id"] == record["id"]]


def test_release_push_maps_by_tmdb_id(env: MovieEnv, matrix: dict[str, Any]) -> None:
    pushed = env.api().post(
        "/release/push",
        json={
            "title": "The.Matrix.1999.2160p.UHD.BluRay.x265-PUSH",
            "downloadUrl": f"{env.indexer.fake.url}/api?t=get&id=pushed",
            "protocol": "usenet",
            "tmdbId": MATRIX,
        },
    )
    assert pushed.status_code == 200, pushed.text
    [decision] = pushed.json()
    assert decision["mappedMovieId"] == matrix["id"] and decision["rejected"]  # 2160p: not wanted
