"""One movie service with something behind every Tier 1 and Tier 2 route of Radarr.

A fake Newznab indexer and a fake SABnzbd (loopback), the fake TMDB: The Matrix imported
from disk (an HDTV-720p file, below the HD-1080p profile's cutoff) and tagged, two movies
grabbed into the queue and a third grabbed and removed with blocklisting. The contract
tests and the client replays of this package share it and leave it as they found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.movies.conftest import IN_CINEMAS, STREAMING, UPCOMING, movie_service_config
from tests.integration.movies.grab.conftest import (
    GB,
    HD_1080P,
    MATRIX,
    MovieEnv,
    MovieIndexer,
    MovieRelease,
    add_movie,
    configure,
)
from tests.integration.tv.grab.conftest import INDEXER_KEY, Indexer, wait_command
from tests.support.contract_engine import fresh_queue_record, seed_engine
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import running_fake_sabnzbd
from tests.support.fake_tmdb import FakeTmdb
from tests.support.library_services import library_service

MATRIX_IMDB = "0133093"
MATRIX_WEB = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H.264-NTb"


@dataclass
class MovieRig:
    env: MovieEnv
    api: httpx.Client
    movie: dict[str, Any]
    root: str
    file_id: int = 0
    tag_id: int = 0
    indexer_id: int = 0
    queue_ids: list[int] = field(default_factory=list)
    blocklist_id: int = 0
    command_id: int = 0

    @property
    def movie_id(self) -> int:
        return int(self.movie["id"])

    def fresh_queue_record(self) -> int:
        """A fresh queue record to remove: The Matrix again (the package's two stay)."""
        return fresh_queue_record(
            self.api, self.blocklist_id, {"name": "MoviesSearch", "movieIds": [self.movie_id]}
        )

    def push_body(self) -> dict[str, Any]:
        return {
            "title": "The.Matrix.1999.2160p.UHD.BluRay.x265-PUSH",  # not wanted: nothing grabbed
            "downloadUrl": f"{self.env.indexer.fake.url}/api?t=get&id=pushed",
            "size": 8 * GB,
            "indexer": "autobrr",
            "downloadProtocol": "usenet",
            "protocol": "usenet",
            "publishDate": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        }


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """The package's movies live for the whole contract package."""
    yield


def _release(movie: dict[str, Any], quality: str) -> MovieRelease:
    title = f"{movie['title'].replace(' ', '.')}.{movie['year']}.{quality}-GRP"
    return MovieRelease(title, 4 * GB, str(movie["tmdbId"]))


@pytest.fixture(scope="package")
def rig(tmp_path_factory: pytest.TempPathFactory, tmdb: FakeTmdb) -> Iterator[MovieRig]:
    root = tmp_path_factory.mktemp("movie-contract")
    with running_fake_indexer(api_key=INDEXER_KEY) as fake, running_fake_sabnzbd() as sab:
        indexer = MovieIndexer(fake)
        fake.routes = {
            "caps": fixture("caps_nzbfinder.xml"),
            "movie": indexer.movie,
            "search": indexer.movie,
            "get": lambda params: Indexer.get(indexer, params),
        }
        service = movie_service_config(tmdb) | {"grab": {"indexer_min_interval_seconds": 0}}
        with library_service(Role.MOVIES, root, service) as svc:
            env = MovieEnv(root, indexer, sab, svc)
            sab.complete_dir = str(root / "downloads" / "usenet")
            configure(env)
            api = env.api()
            try:
                yield _prepare(env, api)
            finally:
                api.close()


def _prepare(env: MovieEnv, api: httpx.Client) -> MovieRig:
    movies_root = (env.root / "media" / "movies").resolve()
    folder = movies_root / "The Matrix (1999)"
    folder.mkdir(parents=True)
    (folder / "The.Matrix.1999.720p.HDTV.x264-CTU.mkv").write_bytes(b"\x1a\x45\xdf\xa3" * 1024)
    imported = api.post(
        "/movie/import",
        json=[{"tmdbId": MATRIX, "path": str(folder), "qualityProfileId": HD_1080P}],
    )
    assert imported.status_code == 201, imported.text
    [matrix] = imported.json()
    rig = MovieRig(env, api, matrix, str(movies_root))
    [file] = api.get("/moviefile", params={"movieId": matrix["id"]}).json()
    rig.file_id = file["id"]
    [indexer] = api.get("/indexer").json()
    rig.indexer_id = indexer["id"]
    seed_engine(api)
    added = [
        add_movie(env, tmdb_id, minimumAvailability="announced")
        for tmdb_id in (STREAMING, IN_CINEMAS, UPCOMING)
    ]
    env.indexer.movies = [
        *(_release(m, "1080p.WEB-DL.DD5.1.H.264") for m in added),
        MovieRelease(MATRIX_WEB, 6 * GB, MATRIX_IMDB),
    ]
    for tmdb_id, m in zip((STREAMING, IN_CINEMAS, UPCOMING), added, strict=True):
        state = wait_command(api, "MoviesSearch", movieIds=[m["id"]])
        assert "1 grabbed" in state["message"], (tmdb_id, state)
    wait_command(api, "RefreshMonitoredDownloads")
    [upcoming] = api.get("/queue/details", params={"movieId": added[2]["id"]}).json()
    removed = api.delete(
        f"/queue/{upcoming['id']}", params={"removeFromClient": "true", "blocklist": "true"}
    )
    assert removed.status_code == 200, removed.text
    rig.queue_ids = [r["id"] for r in api.get("/queue/details").json()]
    assert len(rig.queue_ids) == 2, rig.queue_ids
    rig.blocklist_id = api.get("/blocklist").json()["records"][0]["id"]
    rig.tag_id = api.post("/tag", json={"label": "contract"}).json()["id"]
    current = api.get(f"/movie/{matrix['id']}").json()
    assert api.put("/movie", json=current | {"tags": [rig.tag_id]}).status_code == 202
    rig.movie = api.get(f"/movie/{matrix['id']}").json()
    rig.command_id = api.post("/command", json={"name": "RescanMovie"}).json()["id"]
    return rig
