"""The seed's data flow for one episode, with no mocks between our own parts.

Outside world (loopback stand-ins): TVmaze serving recorded responses, a Newznab indexer,
and an NNTP server holding a real yEnc-posted release. Ours, for real: the TV service and
the usenet service sharing one data tree, as on the seed's share. Through pyarr: add the
series, search the episode; the usenet service downloads it, and the TV service imports it
into /media/tv under the naming scheme.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import SonarrAPI

from mediastack.core.roles import Role
from tests.integration.tv.conftest import GOT_TVDB, got_show
from tests.integration.tv.grab.conftest import GB, INDEXER_KEY, Indexer, Release, with_fields
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.fake_indexer import CannedResponse, fixture, running_fake_indexer
from tests.support.fake_tvmaze import fake_tvmaze
from tests.support.releases import build_release, random_files
from tests.support.services import RunningService, clear_mediastack_env, running_service

TITLE = "Game.of.Thrones.S01E01.1080p.WEB-DL.DD5.1.H.264-NTb"


class ReleaseIndexer(Indexer):
    """The composed feed, with ``t=get`` answering the NZB of our posted release."""

    nzb: bytes = b""

    def get(self, params: dict[str, str]) -> CannedResponse:
        return CannedResponse(200, self.nzb, "application/x-nzb")


def wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        video = random_files(tmp_path / "post", {f"{TITLE}.mkv": 900_000})[0]
        posted = build_release([video], name=TITLE, part_size=64 * 1024)
        nntp = ThreadedNntp(posted.articles)
        stack.callback(nntp.stop)
        tvmaze = stack.enter_context(fake_tvmaze())
        got_show(tvmaze)
        fake = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        indexer = ReleaseIndexer(fake, [Release(TITLE, 1 * GB, 1, 1)])
        indexer.nzb = posted.nzb
        fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": indexer.tvsearch,
            "search": indexer.tvsearch,
            "get": indexer.get,
        }
        data = tmp_path / "share"  # one tree for both services, like the seed's PVC
        usenet = stack.enter_context(running_service(Role.USENET, data))
        tv_settings = {
            "metadata": {"tvmaze_url": tvmaze.url, "rate_limit_backoff_seconds": 0.01},
            "grab": {"indexer_min_interval_seconds": 0},
        }
        tv = stack.enter_context(running_service(Role.TV, data, service=tv_settings))
        yield {
            "tv": tv,
            "usenet": usenet,
            "nntp": nntp,
            "indexer": fake,
            "video": video,
        }
    os.environ.update(saved)


def test_an_episode_goes_from_search_to_library(world: dict[str, Any]) -> None:
    tv: RunningService = world["tv"]
    usenet: RunningService = world["usenet"]
    sab = httpx.Client(base_url=usenet.url, timeout=30)
    sab_params = {"apikey": usenet.api_key, "output": "json"}
    added = sab.get(
        "/api",
        params={
            **sab_params,
            "mode": "set_config",
            "section": "servers",
            "keyword": "loopback",
            "host": "127.0.0.1",
            "port": world["nntp"].port,
            "ssl": 0,
            "connections": 4,
            "enable": 1,
        },
    )
    assert added.status_code == 200, added.text

    api = httpx.Client(base_url=f"{tv.url}/api/v3", headers={"X-Api-Key": tv.api_key}, timeout=30)
    schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(usenet.url.rsplit(":", 1)[1])
    client = with_fields(
        schema["Sabnzbd"], host="127.0.0.1", port=port, apiKey=usenet.api_key, tvCategory="tv"
    ) | {"name": "mediastack usenet"}
    created = api.post("/downloadclient", json=client)  # tested against the running service
    assert created.status_code == 201, created.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = with_fields(
        indexers["Newznab"], baseUrl=world["indexer"].url, apiKey=INDEXER_KEY, categories=[5040]
    ) | {"name": "Loopback Newznab"}
    assert api.post("/indexer", json=newznab).status_code == 201

    sonarr = SonarrAPI(tv.url, tv.api_key)
    [found] = sonarr.lookup_series(id_=GOT_TVDB)
    root = str((tv.settings.media_dir / "tv").resolve())
    series = sonarr.add_series(
        found, quality_profile_id=6, language_profile_id=1, root_dir=root, monitored=True
    )
    episodes = sonarr.get_episode(series["id"], series=True)
    s01e01 = next(e for e in episodes if (e["seasonNumber"], e["episodeNumber"]) == (1, 1))
    sonarr.post_command("EpisodeSearch", episodeIds=[s01e01["id"]])

    # the usenet service downloads it from the NNTP server into downloads/usenet/tv
    def finished() -> dict[str, Any] | None:
        slots = sab.get("/api", params={**sab_params, "mode": "history"}).json()["history"]["slots"]
        return next((s for s in slots if s["status"] in ("Completed", "Failed")), None)

    slot = wait(finished, 60, "the usenet download")
    assert slot["status"] == "Completed", slot
    assert slot["category"] == "tv" and "/downloads/usenet/tv/" in slot["storage"]

    # the TV service sees it complete and imports it
    def imported() -> bool:
        sonarr.post_command("RefreshMonitoredDownloads")
        episode = next(
            e for e in sonarr.get_episode(series["id"], series=True) if e["id"] == s01e01["id"]
        )
        return bool(episode["hasFile"])

    wait(imported, 60, "the import")
    [file] = [
        f
        for f in api.get("/episodefile", params={"seriesId": series["id"]}).json()
        if f["path"].endswith(".mkv")
    ]
    placed = Path(file["path"])
    assert placed.is_relative_to(Path(root)) and "Season 1" in placed.parts  # Sonarr default
    digest = hashlib.md5(world["video"].read_bytes()).hexdigest()
    assert hashlib.md5(placed.read_bytes()).hexdigest() == digest
    history = api.get("/history", params={"episodeId": s01e01["id"]}).json()["records"]
    assert {r["eventType"] for r in history} >= {"grabbed", "downloadFolderImported"}
