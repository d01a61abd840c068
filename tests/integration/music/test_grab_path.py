"""Lidarr's grab path on the engine: search, decisions, grab, queue, failure, push.

A music service of its own (module scope) with a Newznab stand-in offering releases for
Ed Sheeran's albums (and some that map to nothing) and a SABnzbd stand-in as its client.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
from pyarr import LidarrAPI

from mediastack.core.roles import Role
from tests.integration.music.conftest import MULTIDISC_GROUP, add_ed, albums_by_mbid
from tests.integration.tv.grab.conftest import with_fields
from tests.support.fake_indexer import CannedResponse, FakeIndexer, fixture, running_fake_indexer
from tests.support.fake_musicbrainz import PLUS, FakeMusicBrainz
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.library_services import api_client, library_service
from tests.support.services import RunningService

KEY = "e" * 32
MB = 1024**2
FLAC = "Ed Sheeran - + (2011) [FLAC]"
MP3 = "Ed Sheeran - + (2011) [MP3 320]"
DIVIDE = "Ed Sheeran - ÷ (2017) [FLAC]"  # not in this library
STRANGER = "Someone Else - + (2011) [FLAC]"
CARELESS = "Ed Sheeran - ケアレス (2021) [FLAC]"
DISCOGRAPHY = "Ed Sheeran - Discography 2011-2021 [FLAC]"


class Feed:
    def __init__(self, fake: FakeIndexer) -> None:
        self.fake = fake
        self.titles = [FLAC, MP3, DIVIDE, STRANGER]
        self.searches: list[dict[str, str]] = []

    def item(self, title: str) -> str:
        guid = escape(title.lower().replace(" ", "-"))
        link = escape(f"{self.fake.url}/api?t=get&id={guid}&apikey={KEY}")
        size = 400 * MB if "FLAC" in title else 120 * MB
        return (
            f"<item><title>{escape(title)}</title><guid>{guid}</guid><link>{link}</link>"
            f"<pubDate>{format_datetime(datetime.now(UTC))}</pubDate>"
            f'<enclosure url="{link}" length="{size}" type="application/x-nzb"/>'
            f'<newznab:attr name="category" value="3040"/>'
            f'<newznab:attr name="size" value="{size}"/></item>'
        )

    def search(self, params: dict[str, str]) -> bytes:
        self.searches.append(params)
        items = "".join(self.item(t) for t in self.titles)
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/">'
            f"<channel><title>Fake</title>{items}</channel></rss>"
        ).encode()

    def get(self, params: dict[str, str]) -> CannedResponse:
        return CannedResponse(200, fixture("get_valid.nzb"), "application/x-nzb")


@pytest.fixture(scope="module")
def rig(
    tmp_path_factory: pytest.TempPathFactory, musicbrainz: FakeMusicBrainz
) -> Iterator[tuple[RunningService, FakeSabnzbd, Feed]]:
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
        library_service(Role.MUSIC, tmp_path_factory.mktemp("grab"), service) as svc,
    ):
        feed = Feed(fake)
        fake.routes = {
            "caps": fixture("caps_lidarr_audio.xml"),
            "music": feed.search,
            "search": feed.search,
            "get": feed.get,
        }
        with api_client(svc, "v1") as api:
            clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
            port = int(sab.url.rsplit(":", 1)[1])
            body = with_fields(
                clients["Sabnzbd"], host="127.0.0.1", port=port, apiKey=sab.api_key,
                musicCategory="music",
            ) | {"name": "Fake SABnzbd"}  # fmt: skip
            created = api.post("/downloadclient", params={"forceSave": "true"}, json=body)
            assert created.status_code == 201, created.text
            indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
            newznab = with_fields(
                indexers["Newznab"], baseUrl=fake.url, apiKey=KEY, categories=[3040]
            ) | {"name": "Fake Newznab"}
            created = api.post("/indexer", params={"forceSave": "true"}, json=newznab)
            assert created.status_code == 201, created.text
        yield svc, sab, feed


@pytest.fixture
def grab_api(rig: tuple[RunningService, FakeSabnzbd, Feed]) -> Iterator[httpx.Client]:
    with api_client(rig[0], "v1") as client:
        yield client


@pytest.fixture
def ed(
    grab_api: httpx.Client, rig: tuple[RunningService, FakeSabnzbd, Feed]
) -> Iterator[dict[str, Any]]:
    root = (rig[0].settings.media_dir / "music").resolve()
    added = add_ed(grab_api, root)
    yield added
    for record in grab_api.get("/queue/details").json():  # each test starts with none
        grab_api.delete(f"/queue/{record['id']}", params={"removeFromClient": "true"})
    grab_api.delete(f"/artist/{added['id']}", params={"deleteFiles": "true"})
    rig[1].jobs.clear()


def _command(api: httpx.Client, name: str, **body: Any) -> dict[str, Any]:
    command = api.post("/command", json={"name": name, **body}).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state: dict[str, Any] = api.get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"{name} did not finish")


def test_interactive_search_decides_each_release(
    rig: tuple[RunningService, FakeSabnzbd, Feed], ed: dict[str, Any]
) -> None:
    svc, _sab, feed = rig
    plus = _albums(svc, ed)[PLUS]
    releases = {
        r["title"]: r for r in LidarrAPI(svc.url, svc.api_key).get_release(albumId=plus["id"])
    }
    assert feed.searches[-1]["artist"] == "Ed Sheeran" and feed.searches[-1]["album"] == "+"
    assert releases[FLAC]["approved"] and releases[FLAC]["quality"]["quality"]["name"] == "FLAC"
    assert releases[FLAC]["albumId"] == plus["id"] and releases[FLAC]["artistId"] == ed["id"]
    assert releases[MP3]["approved"] and releases[MP3]["quality"]["quality"]["name"] == "MP3-320"
    assert releases[DIVIDE]["rejections"] == [
        "Unable to identify correct album(s) using release name"
    ]
    assert releases[STRANGER]["rejections"] == ["Unknown Artist"]


def _albums(svc: RunningService, ed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    with api_client(svc, "v1") as api:
        return albums_by_mbid(api, ed["id"])


def test_album_search_grabs_the_best_and_a_failure_blocklists_and_searches_again(
    rig: tuple[RunningService, FakeSabnzbd, Feed], grab_api: httpx.Client, ed: dict[str, Any]
) -> None:
    _svc, sab, _feed = rig
    plus = albums_by_mbid(grab_api, ed["id"])[PLUS]
    state = _command(grab_api, "AlbumSearch", albumIds=[plus["id"]])
    assert state["status"] == "completed", state
    [job] = sab.jobs.values()
    assert job.category == "music" and "FLAC" in job.name  # FLAC ranks above MP3-320
    grabs = grab_api.get("/history", params={"eventType": "grabbed"}).json()["records"]
    assert [(g["sourceTitle"], g["albumId"], g["artistId"]) for g in grabs] == [
        (FLAC, plus["id"], ed["id"])
    ]
    _command(grab_api, "RefreshMonitoredDownloads")
    [record] = grab_api.get(
        "/queue/details", params={"artistId": ed["id"], "includeAlbum": "true"}
    ).json()
    assert record["albumId"] == plus["id"] and record["album"]["title"] == "+"
    assert "FLAC" in record["title"] and record["protocol"] == "usenet"
    sab.fail(job.nzo_id, "Repair failed, not enough repair blocks")
    _command(grab_api, "RefreshMonitoredDownloads")
    failed = grab_api.get("/history", params={"eventType": 4}).json()["records"]
    assert [(f["sourceTitle"], f["albumId"]) for f in failed] == [(FLAC, plus["id"])]
    blocklist = grab_api.get("/blocklist").json()["records"]
    assert [b["sourceTitle"] for b in blocklist] == [FLAC]
    deadline = time.monotonic() + 20
    again: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not again:  # the album is searched again
        commands = grab_api.get("/command").json()
        again = [c for c in commands[:-1] if c["name"] == "AlbumSearch"]  # newest first
        time.sleep(0.05)
    assert again and again[0]["body"]["albumIds"] == [plus["id"]]
    releases = {
        r["title"]: r for r in grab_api.get("/release", params={"albumId": plus["id"]}).json()
    }
    assert "Release is blocklisted" in releases[FLAC]["rejections"]
    for entry in grab_api.get("/blocklist").json()["records"]:
        grab_api.delete(f"/blocklist/{entry['id']}")


def test_release_push_maps_to_the_album(
    rig: tuple[RunningService, FakeSabnzbd, Feed], grab_api: httpx.Client, ed: dict[str, Any]
) -> None:
    _svc, sab, feed = rig
    careless = albums_by_mbid(grab_api, ed["id"])[MULTIDISC_GROUP]
    body = {
        "title": CARELESS,
        "downloadUrl": f"{feed.fake.url}/api?t=get&id=pushed&apikey={KEY}",
        "downloadProtocol": "usenet",
        "indexer": "autobrr",
        "publishDate": datetime.now(UTC).isoformat(),
        "size": 300 * MB,
    }
    before = len(sab.uploads)
    pushed = grab_api.post("/release/push", json=body).json()  # one decision, as Lidarr
    assert pushed["approved"] is True, pushed["rejections"]
    assert pushed["albumId"] == careless["id"] and pushed["discography"] is False
    assert len(sab.uploads) == before + 1


def test_a_discography_covers_the_albums_of_its_years(
    rig: tuple[RunningService, FakeSabnzbd, Feed], grab_api: httpx.Client, ed: dict[str, Any]
) -> None:
    _svc, sab, feed = rig
    feed.titles = [DISCOGRAPHY]
    try:
        state = _command(grab_api, "ArtistSearch", artistId=ed["id"])
        assert state["status"] == "completed", state
    finally:
        feed.titles = [FLAC, MP3, DIVIDE, STRANGER]
    assert feed.searches[-1] == {**feed.searches[-1], "t": "music", "artist": "Ed Sheeran"}
    assert "album" not in feed.searches[-1]
    assert len(sab.jobs) == 1
    grabs = grab_api.get("/history", params={"eventType": "grabbed", "pageSize": 50}).json()
    albums = albums_by_mbid(grab_api, ed["id"])
    covered = {r["albumId"] for r in grabs["records"] if r["sourceTitle"] == DISCOGRAPHY}
    assert covered == {albums[PLUS]["id"], albums[MULTIDISC_GROUP]["id"]}


def test_grab_from_search_results_missing_search_and_rss_sync(
    rig: tuple[RunningService, FakeSabnzbd, Feed], grab_api: httpx.Client, ed: dict[str, Any]
) -> None:
    _svc, sab, _feed = rig

    def grabbed() -> dict[int, str]:
        page = grab_api.get("/history", params={"eventType": "grabbed", "pageSize": 200}).json()
        return {g["id"]: g["sourceTitle"] for g in page["records"] if g["albumId"] == plus["id"]}

    albums = albums_by_mbid(grab_api, ed["id"])
    plus = albums[PLUS]
    earlier = grabbed()  # album ids are reused after the other tests' artists went
    offered = {
        r["title"]: r for r in grab_api.get("/release", params={"albumId": plus["id"]}).json()
    }
    before = len(sab.uploads)
    chosen = grab_api.post(
        "/release", json={"guid": offered[MP3]["guid"], "indexerId": offered[MP3]["indexerId"]}
    )
    assert chosen.status_code in (200, 201), chosen.text
    assert len(sab.uploads) == before + 1
    assert [t for i, t in grabbed().items() if i not in earlier] == [MP3]
    for record in grab_api.get("/queue/details").json():
        grab_api.delete(f"/queue/{record['id']}", params={"removeFromClient": "true"})
    state = _command(grab_api, "MissingAlbumSearch")
    assert state["status"] == "completed" and "1 grabbed" in state["message"], state
    state = _command(grab_api, "RssSync")
    assert state["status"] == "completed", state
    assert "0 grabbed" in state["message"]  # the album is in the queue already
    assert sorted(t for i, t in grabbed().items() if i not in earlier) == sorted([MP3, FLAC])
