"""One music service pointed at the fake MusicBrainz, shared by the library tests.

Ed Sheeran's discography is the recorded "+" release group (13 releases; its first
edition's recorded track list) plus three made from recorded data: the multi-disc
release as an album, an album announced 30 days ahead, and an EP and a live album the
"Standard" metadata profile leaves out.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import LidarrAPI

from mediastack.core.roles import Role
from tests.support.fake_musicbrainz import (
    ED_SHEERAN,
    MULTIDISC_RELEASE,
    PLUS_RELEASE,
    FakeMusicBrainz,
    fake_musicbrainz,
    load,
)
from tests.support.library_services import api_client, library_service
from tests.support.services import RunningService

MULTIDISC_GROUP = "b89c4dbd-1734-4536-a16d-dde648f735c0"
FUTURE_GROUP = "11111111-2222-4333-8444-555555555555"
FUTURE_RELEASE = "11111111-2222-4333-8444-666666666666"
EP_GROUP = "22222222-2222-4333-8444-555555555555"
LIVE_GROUP = "33333333-2222-4333-8444-555555555555"
COVER = b"\xff\xd8\xff\xe0fake-jpeg-cover"


def _credit() -> list[dict[str, Any]]:
    return [
        {"name": "Ed Sheeran", "joinphrase": "", "artist": {"id": ED_SHEERAN, "name": "Ed Sheeran"}}
    ]


def _group(
    mbid: str,
    title: str,
    primary: str,
    first: str,
    releases: list[dict[str, Any]],
    secondary: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": mbid,
        "title": title,
        "primary-type": primary,
        "secondary-types": secondary or [],
        "first-release-date": first,
        "disambiguation": "",
        "artist-credit": _credit(),
        "releases": releases,
    }


def ed_sheeran(fake: FakeMusicBrainz) -> None:
    multidisc = load("release_6c4f766f_multidisc_picard.json")
    summary = {k: v for k, v in multidisc.items() if k not in ("release-group",)}
    fake.add_release_group(_group(MULTIDISC_GROUP, "ケアレス", "Album", "2021-09-15", [summary]))
    future = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    release = {
        "id": FUTURE_RELEASE,
        "title": "Next",
        "status": "Official",
        "date": future,
        "media": [
            {
                "position": 1,
                "format": "Digital Media",
                "track-count": 2,
                "tracks": [
                    {
                        "id": f"aaaaaaaa-0000-4000-8000-00000000000{n}",
                        "number": str(n),
                        "position": n,
                        "title": f"Song {n}",
                        "length": 200000,
                        "recording": {
                            "id": f"bbbbbbbb-0000-4000-8000-00000000000{n}",
                            "title": f"Song {n}",
                        },
                    }
                    for n in (1, 2)
                ],
            }
        ],
    }
    fake.add_release(release)
    fake.add_release_group(_group(FUTURE_GROUP, "Next", "Album", future, [copy.deepcopy(release)]))
    fake.add_release_group(_group(EP_GROUP, "An EP", "EP", "2010-01-01", []))
    fake.add_release_group(
        _group(LIVE_GROUP, "Live at Wembley", "Album", "2015-01-01", [], ["Live"])
    )
    fake.add_cover(PLUS_RELEASE, COVER)
    assert MULTIDISC_RELEASE in fake.releases


@pytest.fixture(scope="package")
def musicbrainz() -> Iterator[FakeMusicBrainz]:
    with fake_musicbrainz() as fake:
        ed_sheeran(fake)
        yield fake


@pytest.fixture(scope="package")
def music(
    tmp_path_factory: pytest.TempPathFactory, musicbrainz: FakeMusicBrainz
) -> Iterator[RunningService]:
    service = {
        "metadata": {
            "musicbrainz_url": f"{musicbrainz.url}/ws/2",
            "coverart_url": f"{musicbrainz.url}/caa",
            "rate_limit_interval_seconds": 0.01,
            "rate_limit_backoff_seconds": 0.01,
        }
    }
    with library_service(Role.MUSIC, tmp_path_factory.mktemp("music"), service) as svc:
        yield svc


@pytest.fixture
def lidarr(music: RunningService) -> LidarrAPI:
    return LidarrAPI(music.url, music.api_key)


@pytest.fixture
def api(music: RunningService) -> Iterator[httpx.Client]:
    with api_client(music, "v1") as client:
        yield client


@pytest.fixture
def root(music: RunningService) -> Path:
    return (music.settings.media_dir / "music").resolve()


@pytest.fixture(autouse=True)
def empty_library(api: httpx.Client, musicbrainz: FakeMusicBrainz) -> Iterator[None]:
    yield
    musicbrainz.outage = False
    for artist in api.get("/artist").json():
        api.delete(f"/artist/{artist['id']}", params={"deleteFiles": "false"})


def wait_refreshed(api: httpx.Client, timeout: float = 20) -> None:
    """Until no RefreshArtist command is queued or running (the add queues one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = [
            c
            for c in api.get("/command").json()
            if c["name"] == "RefreshArtist" and c["status"] in ("queued", "started")
        ]
        if not pending:
            return
        time.sleep(0.05)
    raise AssertionError("RefreshArtist did not finish")


def add_ed(api: httpx.Client, root: Path, monitor: str = "all", **extra: Any) -> dict[str, Any]:
    body = {
        "foreignArtistId": ED_SHEERAN,
        "artistName": "Ed Sheeran",
        "qualityProfileId": 1,
        "metadataProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "addOptions": {"monitor": monitor, "searchForMissingAlbums": False},
        **extra,
    }
    response = api.post("/artist", json=body)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    wait_refreshed(api)
    return added


def albums_by_mbid(api: httpx.Client, artist_id: int) -> dict[str, dict[str, Any]]:
    return {
        a["foreignAlbumId"]: a for a in api.get("/album", params={"artistId": artist_id}).json()
    }
