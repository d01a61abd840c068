"""The three managers with their fake providers, for the web page tests (HTTP and browser).

* ``tv_rig``: TVmaze (Game of Thrones, its last season in the future), a Newznab indexer
  offering releases of S01E01 and a season pack, and a SABnzbd, both wired into the TV
  service as a person would through the API; the library starts empty.
* ``movies_rig`` / ``music_rig``: TMDB and MusicBrainz with the library suites' data.

Every service has the password ``PASSWORD`` for the user ``admin``.
"""

from __future__ import annotations

import copy
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from mediastack.core.roles import Role
from tests.integration.movies.conftest import made_up_movies, movie_service_config
from tests.integration.music.conftest import ed_sheeran
from tests.integration.tv.conftest import got_show
from tests.integration.tv.grab.conftest import GB, INDEXER_KEY, Indexer, Release, with_fields
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_musicbrainz import fake_musicbrainz
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.fake_tmdb import fake_tmdb
from tests.support.fake_tvmaze import FakeTvMaze, fake_tvmaze, load
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a good password"

# What the indexer offers for Game of Thrones: an approved 720p and 1080p, an SDTV release
# the default "HD" profile rejects, and a season pack.
RELEASES = [
    Release("Game.of.Thrones.S01E01.720p.HDTV.x264-CTU", 2 * GB // 3, 1, 1),
    Release("Game.of.Thrones.S01E01.1080p.BluRay.x264-ROVERS", 5 * GB, 1, 1),
    Release("Game.of.Thrones.S01E01.HDTV.XviD-FQM", 350 * 1024**2, 1, 1),
    Release("Game.of.Thrones.S01.720p.BluRay.x264-DEMAND", 30 * GB, 1, None),
]


# Made-up shows (TVmaze ids far from the recorded ones) so a grid has several cards.
MORE_SHOWS = [
    (910001, "Andor Station", 910001, 2022, ((40, 70, 120), (10, 15, 30))),
    (910002, "Borgen Hall", 910002, 2010, ((150, 60, 50), (30, 10, 10))),
    (910003, "Cedar Valley", 910003, 2018, ((50, 130, 80), (10, 30, 15))),
    (910004, "Dune Runners", 910004, 2021, ((200, 150, 60), (40, 25, 10))),
    (910005, "Echo Park", 910005, 2015, ((120, 70, 160), (20, 10, 35))),
]
GOT_COLOURS = ((70, 80, 95), (15, 18, 24))


def poster_png(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> bytes:
    """A 200x300 PNG fading from ``top`` to ``bottom``: a real image for the covers, so the
    pages show pictures (browsers render it whatever the served content type)."""
    width, height = 200, 300
    rows = []
    for y in range(height):
        f = y / (height - 1)
        pixel = bytes(round(a + (b - a) * f) for a, b in zip(top, bottom, strict=True))
        rows.append(b"\0" + pixel * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def add_made_up_shows(fake: FakeTvMaze) -> None:
    """``MORE_SHOWS`` on the fake TVmaze: The Flash's recorded show object renamed, with a
    poster served by the fake itself and a first season of four weekly episodes, the
    first of them aired 3 days ago (the first show) to tomorrow (the last), so calendars
    and wanted lists have something around today."""
    base = {k: v for k, v in load("shows_13_embed_seasons.json").items() if k != "_embedded"}
    episodes = [e for e in load("shows_82_episodes.json") if e["season"] == 1][:4]
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for k, (tvmaze_id, name, tvdb_id, year, colours) in enumerate(MORE_SHOWS):
        aired = [now + timedelta(days=k - 3 + 7 * n, hours=k) for n in range(len(episodes))]
        show = copy.deepcopy(base)
        image = fake.add_image(f"{tvmaze_id}.png", poster_png(*colours))
        show.update(
            id=tvmaze_id,
            name=name,
            externals={"tvrage": None, "thetvdb": tvdb_id, "imdb": None},
            image={"medium": None, "original": image},
            premiered=f"{year}-03-01",
        )
        own = [
            {
                **e,
                "id": tvmaze_id * 100 + n,
                "airstamp": aired[n].isoformat(),
                "airdate": aired[n].date().isoformat(),
            }
            for n, e in enumerate(copy.deepcopy(episodes))
        ]
        fake.add_show(show, own)


@dataclass
class ManagerRig:
    svc: RunningService
    sab: FakeSabnzbd | None = None

    @property
    def url(self) -> str:
        return self.svc.url

    def api(self) -> httpx.Client:
        version = "v1" if self.svc.role is Role.MUSIC else "v3"
        return httpx.Client(
            base_url=f"{self.svc.url}/api/{version}",
            headers={"X-Api-Key": self.svc.api_key},
            timeout=30,
        )

    def web(self) -> httpx.Client:
        """A signed-in browser-like client (session cookie, no redirects followed)."""
        client = httpx.Client(base_url=self.svc.url, follow_redirects=False, timeout=30)
        reply = client.post("/login", data={"username": "admin", "password": PASSWORD})
        assert reply.status_code == 303 and reply.headers["location"] == "/", reply.text
        return client


def _wire_downloads(rig: ManagerRig, indexer_url: str) -> None:
    """A SABnzbd download client and a Newznab indexer, added through the API."""
    assert rig.sab is not None
    with rig.api() as api:
        clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
        port = int(rig.sab.url.rsplit(":", 1)[1].rstrip("/"))
        sab = with_fields(
            clients["Sabnzbd"], host="127.0.0.1", port=port, apiKey=rig.sab.api_key, tvCategory="tv"
        )
        sab |= {"name": "Fake SABnzbd", "enable": True}
        reply = api.post("/downloadclient", params={"forceSave": "true"}, json=sab)
        assert reply.status_code == 201, reply.text
        indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
        newznab = with_fields(
            indexers["Newznab"], baseUrl=indexer_url, apiKey=INDEXER_KEY, categories=[5030, 5040]
        )
        newznab |= {
            "name": "Fake Newznab",
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "tags": [],
        }
        reply = api.post("/indexer", params={"forceSave": "true"}, json=newznab)
        assert reply.status_code == 201, reply.text


def sign_in(page: Any, url: str) -> None:
    """Log in through the form of the service at ``url`` (a Playwright page)."""
    page.goto(url + "/login")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


@contextmanager
def _clean_env() -> Iterator[None]:
    saved = clear_mediastack_env()
    try:
        yield
    finally:
        os.environ.update(saved)


@contextmanager
def tv_rig(root: Path, more_shows: bool = False) -> Iterator[ManagerRig]:
    """``more_shows``: the made-up shows too, and real poster images for every show."""
    with ExitStack() as stack:
        stack.enter_context(_clean_env())
        tvmaze = stack.enter_context(fake_tvmaze())
        got_show(tvmaze)
        if more_shows:
            tvmaze.add_image("got.jpg", poster_png(*GOT_COLOURS))
            add_made_up_shows(tvmaze)
        fake = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        indexer = Indexer(fake, list(RELEASES))
        fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": indexer.tvsearch,
            "search": indexer.tvsearch,
            "get": indexer.get,
        }
        sab = stack.enter_context(running_fake_sabnzbd())
        service: dict[str, Any] = {
            "metadata": {"tvmaze_url": tvmaze.url, "rate_limit_backoff_seconds": 0.01},
            # the queue follows the client every ~1 s (the originals: every minute)
            "grab": {"indexer_min_interval_seconds": 0, "refresh_downloads_minutes": 0.02},
        }
        # the scheduler looks for due tasks twice a second (5 s by default)
        jobs = {"tick_seconds": 0.5}
        svc = stack.enter_context(running_service(Role.TV, root, service=service, jobs=jobs))
        svc.ctx.auth.set_password(PASSWORD)
        rig = ManagerRig(svc, sab)
        _wire_downloads(rig, fake.url)
        yield rig


@contextmanager
def movies_rig(root: Path) -> Iterator[ManagerRig]:
    with ExitStack() as stack:
        stack.enter_context(_clean_env())
        tmdb = stack.enter_context(fake_tmdb())
        made_up_movies(tmdb)
        svc = stack.enter_context(
            running_service(Role.MOVIES, root, service=movie_service_config(tmdb))
        )
        svc.ctx.auth.set_password(PASSWORD)
        yield ManagerRig(svc)


@contextmanager
def music_rig(root: Path) -> Iterator[ManagerRig]:
    with ExitStack() as stack:
        stack.enter_context(_clean_env())
        musicbrainz = stack.enter_context(fake_musicbrainz())
        ed_sheeran(musicbrainz)
        service = {
            "metadata": {
                "musicbrainz_url": f"{musicbrainz.url}/ws/2",
                "coverart_url": f"{musicbrainz.url}/caa",
                "rate_limit_interval_seconds": 0.01,
                "rate_limit_backoff_seconds": 0.01,
            }
        }
        svc = stack.enter_context(running_service(Role.MUSIC, root, service=service))
        svc.ctx.auth.set_password(PASSWORD)
        yield ManagerRig(svc)
