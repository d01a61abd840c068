"""A TV service wired to a fake Newznab indexer (releases composed here for the recorded
Game of Thrones episodes) and a fake SABnzbd, restartable on the same data folder."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.tv.conftest import GOT_TVDB
from tests.support.fake_indexer import CannedResponse, FakeIndexer, fixture, running_fake_indexer
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import RunningService, clear_mediastack_env, running_service

INDEXER_KEY = "c" * 32
GB = 1024**3
HD_PROFILE = 6  # "HD - 720p/1080p": cutoff HDTV-720p, SDTV not allowed


@dataclass
class Release:
    title: str
    size: int
    season: int
    episode: int | None = None  # None: a season pack
    age: timedelta = timedelta(hours=5)
    rss: bool = False

    @property
    def guid(self) -> str:
        return self.title.replace(".", "-").lower()


@dataclass
class Indexer:
    fake: FakeIndexer
    releases: list[Release] = field(default_factory=list)

    def item(self, r: Release) -> str:
        published = format_datetime(datetime.now(UTC) - r.age)
        link = escape(f"{self.fake.url}/api?t=get&id={r.guid}&apikey={INDEXER_KEY}")
        attrs = {"category": "5040", "size": str(r.size), "tvdbid": str(GOT_TVDB)}
        attrs |= {"season": f"S{r.season:02d}", "usenetdate": published, "grabs": "12"}
        if r.episode is not None:
            attrs["episode"] = f"E{r.episode:02d}"
        attr_xml = "".join(
            f'<newznab:attr name="{k}" value="{escape(v)}"/>' for k, v in attrs.items()
        )
        return (
            f"<item><title>{escape(r.title)}</title>"
            f'<guid isPermaLink="true">https://indexer.example/details/{r.guid}</guid>'
            f"<link>{link}</link><pubDate>{published}</pubDate>"
            f"<category>TV &gt; HD</category>"
            f'<enclosure url="{link}" length="{r.size}" type="application/x-nzb"/>'
            f"{attr_xml}</item>"
        )

    def feed(self, releases: list[Release]) -> bytes:
        items = "".join(self.item(r) for r in releases)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/">'
            "<channel><title>Fake</title>"
            f'<newznab:response offset="0" total="{len(releases)}"/>'
            f"{items}</channel></rss>"
        ).encode()

    def tvsearch(self, params: dict[str, str]) -> bytes:
        if "season" not in params and "q" not in params:  # RSS: the newest releases
            return self.feed([r for r in self.releases if r.rss])
        season = int(params.get("season", "-1"))
        episode = int(params["ep"]) if params.get("ep", "").isdigit() else None
        found = [
            r
            for r in self.releases
            if not r.rss
            and r.season == season
            and (episode is None or r.episode == episode)
            and int(params.get("offset", "0")) == 0
        ]
        return self.feed(found)

    def get(self, params: dict[str, str]) -> CannedResponse:
        return CannedResponse(200, fixture("get_valid.nzb"), "application/x-nzb")


@dataclass
class GrabEnv:
    root: Path
    tvmaze: FakeTvMaze
    indexer: Indexer
    sab: FakeSabnzbd
    tv: RunningService | None = None
    stack: ExitStack = field(default_factory=ExitStack)

    def start(self) -> RunningService:
        service = {
            "metadata": {"tvmaze_url": self.tvmaze.url, "rate_limit_backoff_seconds": 0.01},
            "grab": {"indexer_min_interval_seconds": 0},
        }
        self.tv = self.stack.enter_context(running_service(Role.TV, self.root, service=service))
        return self.tv

    def restart(self) -> RunningService:
        self.stack.close()
        self.stack = ExitStack()
        return self.start()

    def api(self) -> httpx.Client:
        assert self.tv is not None
        return httpx.Client(
            base_url=f"{self.tv.url}/api/v3", headers={"X-Api-Key": self.tv.api_key}, timeout=30
        )


def with_fields(template: dict[str, Any], **values: Any) -> dict[str, Any]:
    body = dict(template)
    body["fields"] = [
        {**f, "value": values.get(f["name"].replace(".", "_"), f["value"])}
        for f in template["fields"]
    ]
    return body


def wait_command(api: httpx.Client, name: str, timeout: float = 20, **body: Any) -> dict[str, Any]:
    command = api.post("/command", json={"name": name, **body}).json()
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = api.get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def configure(env: GrabEnv) -> dict[str, Any]:
    """Download client, indexer, the series (HD profile) and one file on disk (S01E03)."""
    api = env.api()
    clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(env.sab.url.rsplit(":", 1)[1].rstrip("/"))
    sab = with_fields(
        clients["Sabnzbd"], host="127.0.0.1", port=port, apiKey=env.sab.api_key, tvCategory="tv"
    )
    sab |= {"name": "Fake SABnzbd", "enable": True}
    response = api.post("/downloadclient", params={"forceSave": "true"}, json=sab)
    assert response.status_code == 201, response.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = with_fields(
        indexers["Newznab"],
        baseUrl=env.indexer.fake.url,
        apiKey=INDEXER_KEY,
        categories=[5030, 5040],
    )
    newznab |= {
        "name": "Fake Newznab",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "tags": [],
    }
    response = api.post("/indexer", params={"forceSave": "true"}, json=newznab)
    assert response.status_code == 201, response.text
    root = (env.root / "media" / "tv").resolve()
    body = {
        "tvdbId": GOT_TVDB,
        "title": "Game of Thrones",
        "qualityProfileId": HD_PROFILE,
        "rootFolderPath": str(root),
        "monitored": True,
        "seasonFolder": True,
    }
    response = api.post("/series", json=body)
    assert response.status_code == 201, response.text
    series: dict[str, Any] = response.json()
    season1 = Path(series["path"]) / "Season 01"
    season1.mkdir(parents=True, exist_ok=True)
    (season1 / "Game.of.Thrones.S01E03.720p.HDTV.x264-CTU.mkv").write_bytes(b"\0" * 4096)
    assert wait_command(api, "RescanSeries", seriesId=series["id"])["status"] == "completed"
    return series


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """The parent package empties the library after each test; these tests share one."""
    yield


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, tvmaze: FakeTvMaze) -> Iterator[GrabEnv]:
    saved = clear_mediastack_env()
    with (
        running_fake_indexer(api_key=INDEXER_KEY) as fake,
        running_fake_sabnzbd() as sab,
    ):
        indexer = Indexer(fake)
        fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": indexer.tvsearch,
            "search": indexer.tvsearch,
            "get": indexer.get,
        }
        grab_env = GrabEnv(tmp_path_factory.mktemp("grab"), tvmaze, indexer, sab)
        grab_env.start()
        try:
            yield grab_env
        finally:
            grab_env.stack.close()
            os.environ.update(saved)
