"""One TV service with something behind every Tier 1 and Tier 2 route.

A fake Newznab indexer and a fake SABnzbd (loopback), Game of Thrones added on the HD
profile with one file on disk, three episodes grabbed (two in the queue, one removed from
it with blocklisting), a tag on the series, and the series moved to a profile whose
cutoff its file does not meet. The contract tests and the client replays of this package
share it and leave it as they found it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.integration.tv.grab.conftest import (
    GB,
    INDEXER_KEY,
    GrabEnv,
    Indexer,
    Release,
    configure,
    wait_command,
)
from tests.support.contract_engine import fresh_queue_record, seed_engine
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import running_fake_sabnzbd
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import clear_mediastack_env

RELEASES = [
    Release("Game.of.Thrones.S01E01.720p.HDTV.x264-CTU", int(1.2 * GB), 1, 1),
    Release("Game.of.Thrones.S01E01.HDCAM.x264-GRP", int(0.7 * GB), 1, 1),
    Release("Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb", 3 * GB, 2, 1),
    Release("Game.of.Thrones.S02E02.720p.HDTV.x264-CTU", int(1.1 * GB), 2, 2),
    Release("Game.of.Thrones.S01E02.720p.HDTV.x264-CTU", int(1.1 * GB), 1, 2),
]


@dataclass
class Contract:
    env: GrabEnv
    api: httpx.Client
    series: dict[str, Any]
    episodes: dict[tuple[int, int], int] = field(default_factory=dict)
    file_id: int = 0
    tag_id: int = 0
    indexer_id: int = 0
    queue_ids: list[int] = field(default_factory=list)
    blocklist_id: int = 0
    command_id: int = 0

    @property
    def series_id(self) -> int:
        return int(self.series["id"])

    def episode(self, season: int, number: int) -> int:
        return self.episodes[(season, number)]

    @property
    def root(self) -> str:
        return str(self.series["rootFolderPath"])

    def fresh_queue_record(self) -> int:
        """A fresh queue record to remove: S01E02 (the package's two stay)."""
        return fresh_queue_record(
            self.api,
            self.blocklist_id,
            {"name": "EpisodeSearch", "episodeIds": [self.episode(1, 2)]},
        )

    def push_body(self) -> dict[str, Any]:
        return {
            "title": "Game.of.Thrones.S03E01.720p.HDTV.x264-CTU",
            "downloadUrl": f"{self.env.indexer.fake.url}/api?t=get&id=pushed",
            "size": 1_200_000_000,
            "indexer": "autobrr",
            "downloadProtocol": "usenet",
            "protocol": "usenet",
            "publishDate": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        }


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """The package's series lives for the whole contract package."""
    yield


def _grab(api: httpx.Client, episode_id: int) -> None:
    state = wait_command(api, "EpisodeSearch", episodeIds=[episode_id])
    assert "1 grabbed" in state["message"], state


@pytest.fixture(scope="package")
def contract(tmp_path_factory: pytest.TempPathFactory, tvmaze: FakeTvMaze) -> Iterator[Contract]:
    saved = clear_mediastack_env()
    with running_fake_indexer(api_key=INDEXER_KEY) as fake, running_fake_sabnzbd() as sab:
        indexer = Indexer(fake, list(RELEASES))
        fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": indexer.tvsearch,
            "search": indexer.tvsearch,
            "get": indexer.get,
        }
        env = GrabEnv(tmp_path_factory.mktemp("contract"), tvmaze, indexer, sab)
        env.start()
        api = env.api()
        try:
            yield _prepare(env, api)
        finally:
            api.close()
            env.stack.close()
            os.environ.update(saved)


def _prepare(env: GrabEnv, api: httpx.Client) -> Contract:
    series = configure(env)
    found = Contract(env, api, series)
    for e in api.get("/episode", params={"seriesId": series["id"]}).json():
        found.episodes[(e["seasonNumber"], e["episodeNumber"])] = e["id"]
    [file] = api.get("/episodefile", params={"seriesId": series["id"]}).json()
    found.file_id = file["id"]
    [indexer] = api.get("/indexer").json()
    found.indexer_id = indexer["id"]
    seed_engine(api)  # a custom format and an unreachable connection
    for key in ((1, 1), (2, 1), (2, 2)):
        _grab(api, found.episode(*key))
    wait_command(api, "RefreshMonitoredDownloads")
    details = api.get("/queue/details", params={"episodeIds": found.episode(2, 2)}).json()
    removed = api.delete(
        f"/queue/{details[0]['id']}", params={"removeFromClient": "true", "blocklist": "true"}
    )
    assert removed.status_code == 200, removed.text
    found.queue_ids = [r["id"] for r in api.get("/queue/details").json()]
    assert len(found.queue_ids) == 2, found.queue_ids
    found.blocklist_id = api.get("/blocklist").json()["records"][0]["id"]
    found.tag_id = api.post("/tag", json={"label": "contract"}).json()["id"]
    # a profile whose cutoff (WEBDL-1080p) the file on disk (HDTV-720p) does not meet
    profiles = {p["name"]: p for p in api.get("/qualityprofile").json()}
    hd = profiles["HD - 720p/1080p"]
    webdl = next(
        i["id"] if "id" in i else i["quality"]["id"]
        for i in hd["items"]
        if (i.get("name") or i.get("quality", {}).get("name")) in ("WEB 1080p", "WEBDL-1080p")
    )
    strict = api.post(
        "/qualityprofile",
        json={k: v for k, v in hd.items() if k != "id"}
        | {"name": "Contract strict", "cutoff": webdl},
    )
    assert strict.status_code == 201, strict.text
    current = api.get(f"/series/{series['id']}").json()
    updated = current | {"tags": [found.tag_id], "qualityProfileId": strict.json()["id"]}
    assert api.put("/series", json=updated).status_code == 202
    found.series = api.get(f"/series/{series['id']}").json()
    found.command_id = api.post("/command", json={"name": "RescanSeries"}).json()["id"]
    return found
