"""One music service with something behind every Tier 1 and Tier 2 route of Lidarr.

The fake MusicBrainz (Ed Sheeran's discography), a fake Newznab feed and a fake SABnzbd
(loopback): Ed Sheeran on the Lossless profile with one MP3-128 track of "+" on disk
(below the cutoff) and tagged, "+" grabbed in FLAC and removed with blocklisting, then
grabbed again in ALAC (the queue). The contract tests and the client replays of this
package share it and leave it as they found it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.music.conftest import MULTIDISC_GROUP, add_ed, albums_by_mbid
from tests.integration.music.test_grab_path import CARELESS, FLAC, KEY, MB, Feed
from tests.integration.tv.grab.conftest import wait_command, with_fields
from tests.support.audio import make_mp3
from tests.support.contract_engine import fresh_queue_record, seed_engine
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_musicbrainz import PLUS, FakeMusicBrainz
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.library_services import api_client, library_service
from tests.support.services import RunningService

ALAC = "Ed Sheeran - + (2011) [ALAC]"
A_TEAM_TRACK = "99def906-c09e-37c2-a0df-f0a86cae4d2a"


@dataclass
class MusicRig:
    service: RunningService
    sab: FakeSabnzbd
    feed: Feed
    api: httpx.Client
    artist: dict[str, Any]
    root: str
    albums: dict[str, dict[str, Any]] = field(default_factory=dict)
    file_id: int = 0
    tag_id: int = 0
    indexer_id: int = 0
    queue_ids: list[int] = field(default_factory=list)
    blocklist_id: int = 0
    command_id: int = 0

    @property
    def artist_id(self) -> int:
        return int(self.artist["id"])

    @property
    def plus_id(self) -> int:
        return int(self.albums[PLUS]["id"])

    @property
    def careless_id(self) -> int:
        return int(self.albums[MULTIDISC_GROUP]["id"])

    def fresh_queue_record(self) -> int:
        """A fresh queue record to remove: ケアレス (the package's "+" stays)."""
        return fresh_queue_record(
            self.api, self.blocklist_id, {"name": "AlbumSearch", "albumIds": [self.careless_id]}
        )

    def push_body(self) -> dict[str, Any]:
        return {
            "title": "Ed Sheeran - + (2011) [MP3 320]",  # not in Lossless: nothing grabbed
            "downloadUrl": f"{self.feed.fake.url}/api?t=get&id=pushed",
            "size": 120 * MB,
            "indexer": "autobrr",
            "downloadProtocol": "usenet",
            "protocol": "usenet",
            "publishDate": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        }


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """The package's artist lives for the whole contract package."""
    yield


@pytest.fixture(scope="package")
def rig(
    tmp_path_factory: pytest.TempPathFactory, musicbrainz: FakeMusicBrainz
) -> Iterator[MusicRig]:
    service = {
        "metadata": {
            "musicbrainz_url": f"{musicbrainz.url}/ws/2",
            "coverart_url": f"{musicbrainz.url}/caa",
            "rate_limit_interval_seconds": 0.01,
            "rate_limit_backoff_seconds": 0.01,
        },
        "grab": {"indexer_min_interval_seconds": 0},
    }
    with (
        running_fake_indexer(api_key=KEY) as fake,
        running_fake_sabnzbd() as sab,
        library_service(Role.MUSIC, tmp_path_factory.mktemp("contract"), service) as svc,
        api_client(svc, "v1") as api,
    ):
        feed = Feed(fake)
        feed.titles = [FLAC, CARELESS]
        fake.routes = {
            "caps": fixture("caps_lidarr_audio.xml"),
            "music": feed.search,
            "search": feed.search,
            "get": feed.get,
        }
        yield _prepare(svc, sab, feed, api)


def _configure(sab: FakeSabnzbd, feed: Feed, api: httpx.Client) -> None:
    clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(sab.url.rsplit(":", 1)[1])
    body = with_fields(clients["Sabnzbd"], host="127.0.0.1", port=port, apiKey=sab.api_key)
    created = api.post("/downloadclient", params={"forceSave": "true"}, json=body | {"name": "SAB"})
    assert created.status_code == 201, created.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = with_fields(
        indexers["Newznab"], baseUrl=feed.fake.url, apiKey=KEY, categories=[3040]
    ) | {"name": "Fake Newznab"}
    created = api.post("/indexer", params={"forceSave": "true"}, json=newznab)
    assert created.status_code == 201, created.text


def _prepare(svc: RunningService, sab: FakeSabnzbd, feed: Feed, api: httpx.Client) -> MusicRig:
    _configure(sab, feed, api)
    root = (svc.settings.media_dir / "music").resolve()
    folder = root / "Ed Sheeran" / "+ (2011)"
    folder.mkdir(parents=True)
    tags = {"title": "The A Team", "album": "+", "tracknumber": "1", "artist": "Ed Sheeran"}
    make_mp3(folder / "01 - The A Team.mp3", tags | {"musicbrainz_releasetrackid": A_TEAM_TRACK})
    lossless = next(p for p in api.get("/qualityprofile").json() if p["name"] == "Lossless")
    artist = add_ed(api, root, qualityProfileId=lossless["id"])
    rig = MusicRig(svc, sab, feed, api, artist, str(root))
    deadline = time.monotonic() + 30
    while not api.get("/trackfile", params={"artistId": artist["id"]}).json():
        assert time.monotonic() < deadline, "the MP3 on disk was not matched"
        time.sleep(0.1)
    rig.albums = albums_by_mbid(api, artist["id"])
    [file] = api.get("/trackfile", params={"artistId": artist["id"]}).json()
    rig.file_id = file["id"]
    [indexer] = api.get("/indexer").json()
    rig.indexer_id = indexer["id"]
    seed_engine(api)
    state = wait_command(api, "AlbumSearch", albumIds=[rig.plus_id])
    assert "1 grabbed" in state["message"], state
    wait_command(api, "RefreshMonitoredDownloads")
    [flac] = api.get("/queue/details").json()
    removed = api.delete(
        f"/queue/{flac['id']}", params={"removeFromClient": "true", "blocklist": "true"}
    )
    assert removed.status_code == 200, removed.text
    rig.blocklist_id = api.get("/blocklist").json()["records"][0]["id"]
    feed.titles.append(ALAC)
    state = wait_command(api, "AlbumSearch", albumIds=[rig.plus_id])
    assert "1 grabbed" in state["message"], state
    wait_command(api, "RefreshMonitoredDownloads")
    rig.queue_ids = [r["id"] for r in api.get("/queue/details").json()]
    assert len(rig.queue_ids) == 1, rig.queue_ids
    rig.tag_id = api.post("/tag", json={"label": "contract"}).json()["id"]
    current = api.get(f"/artist/{artist['id']}").json()
    assert api.put("/artist", json=current | {"tags": [rig.tag_id]}).status_code == 202
    rig.artist = api.get(f"/artist/{artist['id']}").json()
    rig.command_id = api.post("/command", json={"name": "RescanArtist"}).json()["id"]
    return rig


def spare_track(c: MusicRig) -> int:
    """A second MP3 of "+" (Drunk) on disk, matched by a rescan: its track file id."""
    before = {f["id"] for f in c.api.get("/trackfile", params={"artistId": c.artist_id}).json()}
    folder = c.service.settings.media_dir / "music" / "Ed Sheeran" / "+ (2011)"
    tags = {"title": "Drunk", "album": "+", "tracknumber": "2", "discnumber": "1"}
    drunk = make_mp3(folder / "02 - Drunk.mp3", tags | {"artist": "Ed Sheeran"})
    old = time.time() - 3600
    os.utime(drunk, (old, old))  # settled: nothing is still writing it
    wait_command(c.api, "RescanArtist", artistId=c.artist_id)
    files = c.api.get("/trackfile", params={"artistId": c.artist_id}).json()
    fresh = [f["id"] for f in files if f["id"] not in before]
    assert len(fresh) == 1, files
    return int(fresh[0])
