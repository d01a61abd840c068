"""The seed's data flow for one movie, with no mocks between our own parts.

Outside world (loopback stand-ins): TMDB serving recorded responses, a Newznab indexer, an
NNTP server holding a real yEnc-posted release of a real (short) video made by ffmpeg, and
a Jellyfin server that records what it is told. Ours, for real: the movie service and the
usenet service sharing one data tree, as on the seed's share. Through pyarr: add the movie,
search it; the usenet service downloads it, and the movie service imports it into
/media/movies under Radarr's naming (media info read from the file), records history and
the movie file, and Jellyfin is asked to refresh the movie's folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import RadarrAPI

from mediastack.core.roles import Role
from tests.integration.movies.conftest import movie_service_config
from tests.integration.movies.grab.conftest import MovieIndexer, MovieRelease
from tests.integration.tv.grab.conftest import INDEXER_KEY, with_fields
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.fake_indexer import CannedResponse, fixture, running_fake_indexer
from tests.support.fake_media_servers import (
    JellyfinLibrary,
    jellyfin_routes,
    recording_server,
    webhook_receiver,
)
from tests.support.fake_tmdb import fake_tmdb
from tests.support.releases import build_release
from tests.support.services import RunningService, clear_mediastack_env, running_service

TITLE = "The.Matrix.1999.1080p.BluRay.x264-AMIABLE"
JELLYFIN_KEY = "jellyfin-key"


def wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def short_video(folder: Path) -> Path:
    """Ten minutes of real MPEG-4 video with German AC-3 5.1 sound (Debian's ffmpeg).

    Ten minutes is the shortest a feature film's file may run before the import calls it a
    sample; one frame every five seconds keeps it a few megabytes.
    """
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None, "this test needs ffmpeg (Debian package 'ffmpeg')"
    folder.mkdir(parents=True)
    video = folder / f"{TITLE}.mkv"
    command = [ffmpeg, "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", "testsrc=duration=601:size=640x360:rate=0.2", "-f", "lavfi"]
    command += ["-i", "sine=duration=601:sample_rate=32000", "-c:v", "mpeg4"]
    command += ["-c:a", "ac3", "-ac", "6", "-b:a", "96k"]
    command += ["-metadata:s:a:0", "language=ger", str(video)]
    subprocess.run(command, check=True)
    return video


class ReleaseIndexer(MovieIndexer):
    """The composed feed, with ``t=get`` answering the NZB of our posted release."""

    nzb: bytes = b""

    def get(self, params: dict[str, str]) -> CannedResponse:
        return CannedResponse(200, self.nzb, "application/x-nzb")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        video = short_video(tmp_path / "post")
        posted = build_release([video], name=TITLE, part_size=64 * 1024)
        nntp = ThreadedNntp(posted.articles)
        stack.callback(nntp.stop)
        tmdb = stack.enter_context(fake_tmdb())
        fake = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        indexer = ReleaseIndexer(fake)
        indexer.movies = [MovieRelease(TITLE, 8 * 1024**3, "0133093")]  # as the indexer says
        indexer.nzb = posted.nzb
        fake.routes = {
            "caps": fixture("caps_nzbfinder.xml"),
            "movie": indexer.movie,
            "search": indexer.movie,
            "get": indexer.get,
        }
        jellyfin = stack.enter_context(
            recording_server(jellyfin_routes(JellyfinLibrary(JELLYFIN_KEY)))
        )
        hook = stack.enter_context(webhook_receiver())
        data = tmp_path / "share"  # one tree for both services, like the seed's PVC
        usenet = stack.enter_context(running_service(Role.USENET, data))
        settings = movie_service_config(tmdb) | {"grab": {"indexer_min_interval_seconds": 0}}
        movies = stack.enter_context(running_service(Role.MOVIES, data, service=settings))
        yield {
            "movies": movies,
            "usenet": usenet,
            "nntp": nntp,
            "indexer": fake,
            "jellyfin": jellyfin,
            "hook": hook,
            "video": video,
        }
    os.environ.update(saved)


def connect(world: dict[str, Any], api: httpx.Client) -> None:
    """The usenet service as download client, the indexer, Jellyfin, and the naming."""
    usenet: RunningService = world["usenet"]
    schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(usenet.url.rsplit(":", 1)[1])
    fields = {"host": "127.0.0.1", "port": port, "apiKey": usenet.api_key}
    client = with_fields(schema["Sabnzbd"], **fields, movieCategory="movies") | {
        "name": "mediastack usenet"
    }
    created = api.post("/downloadclient", json=client)  # tested against the running service
    assert created.status_code == 201, created.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = with_fields(
        indexers["Newznab"], baseUrl=world["indexer"].url, apiKey=INDEXER_KEY, categories=[2040]
    ) | {"name": "Loopback Newznab"}
    assert api.post("/indexer", json=newznab).status_code == 201
    notifications = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    host, jf_port = world["jellyfin"].url.removeprefix("http://").rsplit(":", 1)
    jellyfin = with_fields(
        notifications["MediaBrowser"],
        host=host,
        port=int(jf_port),
        apiKey=JELLYFIN_KEY,
        updateLibrary=True,
    ) | {"name": "Jellyfin", "onDownload": True, "onUpgrade": True}
    created = api.post("/notification", json=jellyfin)
    assert created.status_code == 201, created.text
    hook = with_fields(notifications["Webhook"], url=world["hook"].url + "/hook", method=1)
    hook |= {"name": "Webhook", "onGrab": True, "onDownload": True, "onUpgrade": True}
    created = api.post("/notification", json=hook)  # the add runs the Test event
    assert created.status_code == 201, created.text
    naming = {
        "renameMovies": True,
        "standardMovieFormat": "{Movie Title} ({Release Year}) {Quality Full} {[MediaInfo Simple]}",
    }
    assert api.put("/config/naming", json=naming).status_code == 202


def test_a_movie_goes_from_search_to_library(world: dict[str, Any]) -> None:
    movies: RunningService = world["movies"]
    usenet: RunningService = world["usenet"]
    sab = httpx.Client(base_url=usenet.url, timeout=30)
    sab_params = {"apikey": usenet.api_key, "output": "json"}
    server = {"mode": "set_config", "section": "servers", "keyword": "loopback"}
    server |= {"host": "127.0.0.1", "port": world["nntp"].port, "ssl": 0, "connections": 4}
    added = sab.get("/api", params={**sab_params, **server, "enable": 1})
    assert added.status_code == 200, added.text

    api = httpx.Client(
        base_url=f"{movies.url}/api/v3", headers={"X-Api-Key": movies.api_key}, timeout=30
    )
    connect(world, api)
    radarr = RadarrAPI(movies.url, movies.api_key)
    [found] = radarr.lookup_movie("tmdb:603")
    root = str((movies.settings.media_dir / "movies").resolve())
    movie = radarr.add_movie(found, root, 4, minimum_availability="released")
    search = radarr.post_command("MoviesSearch", movieIds=[movie["id"]])
    state = wait(
        lambda: (
            (c := api.get(f"/command/{search['id']}").json())["status"] in ("completed", "failed")
            and c
        ),
        30,
        "the search",
    )
    assert "1 grabbed" in state["message"], state

    # the usenet service downloads it from the NNTP server into downloads/usenet/movies
    def finished() -> dict[str, Any] | None:
        slots = sab.get("/api", params={**sab_params, "mode": "history"}).json()["history"]["slots"]
        return next((s for s in slots if s["status"] in ("Completed", "Failed")), None)

    slot = wait(finished, 60, "the usenet download")
    assert slot["status"] == "Completed", slot
    assert slot["category"] == "movies" and "/downloads/usenet/movies/" in slot["storage"]

    # the movie service sees it complete and imports it
    def imported() -> bool:
        radarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        return bool(radarr.get_movie(movie["id"])["hasFile"])  # type: ignore[call-overload]

    wait(imported, 60, "the import")
    [file] = radarr.get_movie_files_by_movie_id(movie["id"])
    placed = Path(file["path"])
    assert placed.parent == Path(root) / "The Matrix (1999)"
    assert placed.name == "The Matrix (1999) Bluray-1080p [XviD AC3].mkv"  # media info read
    assert file["mediaInfo"]["audioChannels"] == 5.1 and file["mediaInfo"]["videoCodec"] == "XviD"
    digest = hashlib.md5(world["video"].read_bytes()).hexdigest()
    assert hashlib.md5(placed.read_bytes()).hexdigest() == digest
    history = radarr.get_movie_history(movie["id"])
    assert {r["eventType"] for r in history} >= {"grabbed", "downloadFolderImported"}

    # Jellyfin is told the movie's folder changed
    updates = world["jellyfin"].wait("POST", "/Library/Media/Updated", timeout=20)
    changes = [u for seen in updates for u in seen.json()["updates"]]
    assert {"path": str(Path(root) / "The Matrix (1999)"), "updateType": "Created"} in changes
    assert all(seen.headers["x-mediabrowser-token"] == JELLYFIN_KEY for seen in updates)

    # the webhook got Radarr's Grab and Download payloads
    events = world["hook"].webhook_events("Grab", "Download")
    grab, download = events["Grab"], events["Download"]
    for event in (grab, download):
        assert event["movie"]["id"] == movie["id"] and event["movie"]["tmdbId"] == 603
        assert event["movie"]["folderPath"] == str(Path(root) / "The Matrix (1999)")
        assert event["remoteMovie"] == {
            "tmdbId": 603,
            "imdbId": "tt0133093",
            "title": "The Matrix",
            "year": 1999,
        }
        assert event["downloadClient"] == "mediastack usenet"
        assert event["downloadId"] == slot["nzo_id"]
    assert grab["downloadClientType"] == "Sabnzbd"
    assert grab["release"]["releaseTitle"] == TITLE
    assert grab["release"]["quality"] == "Bluray-1080p" and grab["release"]["indexer"]
    assert download["isUpgrade"] is False and download["deletedFiles"] == []
    assert download["movieFile"]["path"] == str(placed)
    assert download["movieFile"]["relativePath"] == placed.name
    assert download["movieFile"]["size"] == placed.stat().st_size
    assert download["movieFile"]["quality"] == "Bluray-1080p"
