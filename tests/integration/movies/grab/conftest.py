"""A movie service wired to a fake Newznab indexer (movie releases composed here), a fake
SABnzbd and the fake TMDB; one per module, with the library left in place between tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.movies.conftest import movie_service_config
from tests.integration.tv.grab.conftest import INDEXER_KEY, Indexer, with_fields
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.fake_tmdb import FakeTmdb
from tests.support.library_services import library_service
from tests.support.services import RunningService

GB = 1024**3
HD_1080P = 4  # Radarr's "HD-1080p": WEBDL/Bluray-1080p, cutoff Bluray-1080p
MATRIX = 603


@dataclass
class MovieRelease:
    title: str
    size: int
    imdb_id: str = ""  # digits, as Newznab sends them
    age: timedelta = timedelta(hours=5)
    rss: bool = False

    @property
    def guid(self) -> str:
        return self.title.replace(".", "-").lower()


@dataclass
class MovieIndexer(Indexer):
    """Movie releases: ``t=movie`` answers by IMDb id, RSS lists the ``rss`` ones."""

    movies: list[MovieRelease] = field(default_factory=list)

    def item(self, r: Any) -> str:
        published = format_datetime(datetime.now(UTC) - r.age)
        link = escape(f"{self.fake.url}/api?t=get&id={r.guid}&apikey={INDEXER_KEY}")
        attrs = {"category": "2040", "size": str(r.size), "usenetdate": published}
        if r.imdb_id:
            attrs["imdb"] = r.imdb_id
        attr_xml = "".join(
            f'<newznab:attr name="{k}" value="{escape(v)}"/>' for k, v in attrs.items()
        )
        return (
            f"<item><title>{escape(r.title)}</title>"
            f'<guid isPermaLink="true">https://indexer.example/details/{r.guid}</guid>'
            f"<link>{link}</link><pubDate>{published}</pubDate>"
            f"<category>Movies &gt; HD</category>"
            f'<enclosure url="{link}" length="{r.size}" type="application/x-nzb"/>'
            f"{attr_xml}</item>"
        )

    def movie(self, params: dict[str, str]) -> bytes:
        if "imdbid" not in params and "q" not in params:  # RSS: the newest releases
            return self.feed([r for r in self.movies if r.rss])  # type: ignore[arg-type]
        wanted = params.get("imdbid", "")
        found = [
            r
            for r in self.movies
            if not r.rss
            and (not wanted or r.imdb_id == wanted)
            and params.get("offset", "0") == "0"
        ]
        return self.feed(found)  # type: ignore[arg-type]


@dataclass
class MovieEnv:
    root: Path
    indexer: MovieIndexer
    sab: FakeSabnzbd
    service: RunningService

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=f"{self.service.url}/api/v3",
            headers={"X-Api-Key": self.service.api_key},
            timeout=30,
        )


def configure(env: MovieEnv) -> None:
    """The fake SABnzbd and the fake Newznab, through the API as a user would."""
    api = env.api()
    clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(env.sab.url.rsplit(":", 1)[1].rstrip("/"))
    sab = with_fields(
        clients["Sabnzbd"],
        host="127.0.0.1",
        port=port,
        apiKey=env.sab.api_key,
        movieCategory="movies",
    ) | {"name": "Fake SABnzbd", "enable": True}
    response = api.post("/downloadclient", params={"forceSave": "true"}, json=sab)
    assert response.status_code == 201, response.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = with_fields(
        indexers["Newznab"], baseUrl=env.indexer.fake.url, apiKey=INDEXER_KEY, categories=[2040]
    ) | {"name": "Fake Newznab", "enableRss": True, "enableAutomaticSearch": True}
    response = api.post("/indexer", params={"forceSave": "true"}, json=newznab)
    assert response.status_code == 201, response.text


def add_movie(env: MovieEnv, tmdb_id: int, **extra: Any) -> dict[str, Any]:
    body = {
        "tmdbId": tmdb_id,
        "title": "x",
        "qualityProfileId": HD_1080P,
        "rootFolderPath": str((env.root / "media" / "movies").resolve()),
        "monitored": True,
        "minimumAvailability": "released",
        **extra,
    }
    response = env.api().post("/movie", json=body)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """The parent package empties the library after each test; these tests share one."""
    yield


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, tmdb: FakeTmdb) -> Iterator[MovieEnv]:
    root = tmp_path_factory.mktemp("movie-grab")
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
            movie_env = MovieEnv(root, indexer, sab, svc)
            sab.complete_dir = str(root / "downloads" / "usenet")
            configure(movie_env)
            yield movie_env
