"""The seed's data flow for one album over BitTorrent, with no mocks between our own parts.

Outside world (loopback stand-ins): MusicBrainz serving recorded responses, a Torznab
indexer, a plain libtorrent peer seeding a real rip of the album (FLAC files tagged as
Picard tags them), and a Jellyfin server that records what it is told. Ours, for real: the
music service and the torrent service sharing one data tree. Through pyarr: add the artist,
search the album; our torrent service downloads it from the peer, the music service reads
the tags, matches every track, hardlinks the files into /media/music under Lidarr's naming
while the torrent keeps seeding, and Jellyfin is asked to refresh the artist.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import libtorrent as lt
import pytest
from pyarr import LidarrAPI

from mediastack.core.roles import Role
from tests.integration.music.conftest import ed_sheeran
from tests.integration.torrent.conftest import BareSession
from tests.integration.tv.grab.conftest import with_fields
from tests.support.fake_indexer import CannedResponse, fixture, running_fake_indexer
from tests.support.fake_media_servers import (
    JellyfinLibrary,
    jellyfin_routes,
    recording_server,
    webhook_receiver,
)
from tests.support.fake_musicbrainz import ED_SHEERAN, PLUS, fake_musicbrainz
from tests.support.music_releases import rip_listed
from tests.support.services import RunningService, clear_mediastack_env, running_service

INDEXER_KEY = "d" * 32
PASSWORD = "a-good-test-password"
JELLYFIN_KEY = "jellyfin-key"
TITLE = "Ed Sheeran - + (2011) [FLAC]"


def wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Torznab:
    """A Torznab feed of one release whose ``t=get`` answers the .torrent."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.torrent = b""
        self.info_hash = ""
        self.size = 0
        self.searches: list[dict[str, str]] = []

    def feed(self, params: dict[str, str]) -> bytes:
        self.searches.append(params)
        published = format_datetime(datetime.now(UTC))
        link = escape(f"{self.url}/api?t=get&id=plus&apikey={INDEXER_KEY}")
        attrs = {"category": "3040", "size": str(self.size), "seeders": "1", "peers": "1"}
        attrs["infohash"] = self.info_hash
        items = "" if not self.torrent else (
            f"<item><title>{escape(TITLE)}</title><guid>plus-{self.info_hash}</guid>"
            f"<link>{link}</link><pubDate>{published}</pubDate><size>{self.size}</size>"
            f'<enclosure url="{link}" length="{self.size}" type="application/x-bittorrent"/>'
            + "".join(f'<torznab:attr name="{k}" value="{v}"/>' for k, v in attrs.items())
            + "</item>"
        )  # fmt: skip
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel><title>Loopback</title>'
            f"{items}</channel></rss>"
        ).encode()

    def get(self, params: dict[str, str]) -> CannedResponse:
        return CannedResponse(200, self.torrent, "application/x-bittorrent")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        musicbrainz = stack.enter_context(fake_musicbrainz())
        ed_sheeran(musicbrainz)
        fake = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        torznab = Torznab(fake.url)
        fake.routes = {
            "caps": fixture("caps_lidarr_audio.xml"),
            "music": torznab.feed,
            "search": torznab.feed,
            "get": torznab.get,
        }
        jellyfin = JellyfinLibrary(JELLYFIN_KEY)
        media_server = stack.enter_context(recording_server(jellyfin_routes(jellyfin)))
        hook = stack.enter_context(webhook_receiver())
        data = tmp_path / "share"  # one tree for both services, like the seed's PVC
        torrent = stack.enter_context(
            running_service(Role.TORRENT, data, auth={"password": PASSWORD})
        )
        music_settings = {
            "metadata": {
                "musicbrainz_url": f"{musicbrainz.url}/ws/2",
                "coverart_url": f"{musicbrainz.url}/caa",
                "rate_limit_interval_seconds": 0.01,
                "rate_limit_backoff_seconds": 0.01,
            },
            "grab": {"indexer_min_interval_seconds": 0},
        }
        music = stack.enter_context(running_service(Role.MUSIC, data, service=music_settings))
        peer = BareSession()
        stack.callback(peer.close)
        yield {
            "music": music,
            "torrent": torrent,
            "torznab": torznab,
            "indexer": fake,
            "jellyfin": media_server,
            "hook": hook,
            "peer": peer,
            "seed": tmp_path / "seed",
        }
    os.environ.update(saved)


def _connect(api: httpx.Client, world: dict[str, Any]) -> None:
    torrent: RunningService = world["torrent"]
    clients = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(torrent.url.rsplit(":", 1)[1])
    client = with_fields(
        clients["QBittorrent"],
        host="127.0.0.1",
        port=port,
        username="admin",
        password=PASSWORD,
        musicCategory="music",
    ) | {"name": "mediastack torrent"}
    created = api.post("/downloadclient", json=client)  # tested against the running service
    assert created.status_code == 201, created.text
    indexers = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    torznab = with_fields(
        indexers["Torznab"], baseUrl=world["indexer"].url, apiKey=INDEXER_KEY, categories=[3040]
    ) | {"name": "Loopback Torznab"}
    created = api.post("/indexer", json=torznab)
    assert created.status_code == 201, created.text
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    host, jf_port = world["jellyfin"].url.removeprefix("http://").rsplit(":", 1)
    jellyfin = with_fields(
        schema["MediaBrowser"],
        host=host,
        port=int(jf_port),
        apiKey=JELLYFIN_KEY,
        updateLibrary=True,
    ) | {"name": "Jellyfin", "onDownload": True, "onReleaseImport": True, "onUpgrade": True}
    created = api.post("/notification", json=jellyfin)
    assert created.status_code == 201, created.text
    hook = with_fields(schema["Webhook"], url=world["hook"].url + "/hook", method=1)
    hook |= {"name": "Webhook", "onGrab": True, "onReleaseImport": True, "onUpgrade": True}
    created = api.post("/notification", json=hook)  # the add runs the Test event
    assert created.status_code == 201, created.text
    assert api.put("/config/naming", json={"renameTracks": True}).status_code == 202


def _seed(world: dict[str, Any], tracks: list[dict[str, Any]]) -> list[Path]:
    """Rip the album into the peer's folder, make its torrent, seed it on loopback."""
    seed: Path = world["seed"]
    files = rip_listed(seed / TITLE, tracks, "+")
    made = lt.create_torrent(
        lt.list_files(str(seed / TITLE)), 16 * 1024, flags=lt.create_torrent.v1_only
    )
    lt.set_piece_hashes(made, str(seed))
    blob = lt.bencode(made.generate())
    info = lt.torrent_info(blob)
    torznab: Torznab = world["torznab"]
    torznab.torrent, torznab.size = blob, info.total_size()
    torznab.info_hash = str(info.info_hashes().v1)
    peer: BareSession = world["peer"]
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = str(seed)
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    params.flags |= lt.torrent_flags.seed_mode
    peer.handles.append(peer.session.add_torrent(params))
    return files


def test_an_album_goes_from_search_to_library(world: dict[str, Any]) -> None:
    music: RunningService = world["music"]
    torrent: RunningService = world["torrent"]
    api = httpx.Client(
        base_url=f"{music.url}/api/v1", headers={"X-Api-Key": music.api_key}, timeout=30
    )
    _connect(api, world)
    lidarr = LidarrAPI(music.url, music.api_key)
    [found] = lidarr.lookup_artist(f"lidarr:{ED_SHEERAN}")
    root = str((music.settings.media_dir / "music").resolve())
    artist = lidarr.add_artist(found, root, quality_profile_id=1, metadata_profile_id=1)

    def refreshed() -> list[dict[str, Any]]:
        albums = [a for a in lidarr.get_album(artistId=artist["id"]) if a["foreignAlbumId"] == PLUS]
        return albums if albums and albums[0]["statistics"]["totalTrackCount"] else []

    [plus] = wait(refreshed, 30, "the artist's refresh")
    tracks = api.get("/track", params={"albumId": plus["id"]}).json()
    sources = _seed(world, tracks)

    # an interactive search lists the release with its decision, through pyarr
    [offered] = lidarr.get_release(albumId=plus["id"])
    assert offered["title"] == TITLE and offered["approved"], offered["rejections"]
    assert offered["quality"]["quality"]["name"] == "FLAC" and offered["protocol"] == "torrent"
    assert offered["albumId"] == plus["id"] and offered["artistName"] == "Ed Sheeran"
    search = world["torznab"].searches[-1]
    assert (search["t"], search["artist"], search["album"]) == ("music", "Ed Sheeran", "+")

    lidarr.post_command("AlbumSearch", albumIds=[plus["id"]])

    # our torrent service gets the .torrent; the peer is announced to it on loopback
    qbt = httpx.Client(base_url=f"{torrent.url}/api/v2", timeout=30)
    login = qbt.post("/auth/login", data={"username": "admin", "password": PASSWORD})
    assert login.text == "Ok.", login.text
    info_hash = world["torznab"].info_hash

    def added() -> list[dict[str, Any]]:
        return list(qbt.get("/torrents/info", params={"category": "music"}).json())

    [job] = wait(added, 30, "the grab to reach the torrent service")
    assert job["hash"] == info_hash
    peer: BareSession = world["peer"]
    assert (
        qbt.post(
            "/torrents/addPeers", data={"hashes": info_hash, "peers": f"127.0.0.1:{peer.port}"}
        ).status_code
        == 200
    )

    def queued() -> list[dict[str, Any]]:
        lidarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        return list(lidarr.get_queue(include_album=True)["records"])

    [record] = wait(queued, 30, "the queue")
    assert record["albumId"] == plus["id"] and record["album"]["title"] == "+"
    assert record["protocol"] == "torrent" and record["downloadClient"] == "mediastack torrent"

    def done() -> bool:
        [state] = added()
        return state["progress"] >= 1.0

    wait(done, 60, "the download")

    def imported() -> list[dict[str, Any]]:
        lidarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        files = lidarr.get_track_file(artistId=artist["id"])
        return files if len(files) == len(tracks) else []

    files = wait(imported, 60, "the import")
    album_folder = Path(artist["path"]) / "+ (2011)"
    first = album_folder / "Ed Sheeran - + - 01 - The A Team.flac"
    assert {Path(f["path"]) for f in files} == {
        album_folder / f"Ed Sheeran - + - {n:02d} - {t['title'].rstrip(' .?')}.flac"
        for n, t in enumerate(tracks, start=1)
    }
    # tags read and matched: every file holds the track its MusicBrainz ids name
    by_path = {Path(f["path"]): f for f in files}
    for track in lidarr.get_tracks(albumId=plus["id"]):
        assert track["hasFile"]
    assert by_path[first]["audioTags"]["recordingMBId"] == tracks[0]["foreignRecordingId"]
    assert by_path[first]["quality"]["quality"]["name"] == "FLAC"

    # hardlinked, and the torrent keeps seeding from the download folder
    [state] = added()
    downloaded = Path(state["content_path"]) / sources[0].name
    assert downloaded.exists() and downloaded.stat().st_ino == first.stat().st_ino
    assert state["state"] in ("uploading", "stalledUP", "queuedUP", "forcedUP")

    history = lidarr.get_history(page_size=50)["records"]
    kinds = {(r["eventType"], r["albumId"]) for r in history}
    assert ("grabbed", plus["id"]) in kinds and ("trackFileImported", plus["id"]) in kinds
    assert lidarr.get_queue()["totalRecords"] == 0

    # Jellyfin is told the artist's folder changed
    updates = world["jellyfin"].wait("POST", "/Library/Media/Updated", timeout=20)
    changes = [u for seen in updates for u in seen.json()["updates"]]
    assert {"path": artist["path"], "updateType": "Created"} in changes
    assert all(seen.headers["x-mediabrowser-token"] == JELLYFIN_KEY for seen in updates)

    # the webhook got Lidarr's Grab, then one Download for the whole album
    events = world["hook"].webhook_events("Grab", "Download")
    grab, download = events["Grab"], events["Download"]
    downloads = [r.json() for r in world["hook"].requests("POST", "/hook")]
    assert [e["eventType"] for e in downloads].count("Download") == 1
    for event in (grab, download):
        assert event["artist"]["id"] == artist["id"] and event["artist"]["mbId"] == ED_SHEERAN
        assert event["downloadClient"] == "mediastack torrent"
        assert event["downloadId"].lower() == info_hash.lower()
    assert [a["mbId"] for a in grab["albums"]] == [PLUS]
    assert grab["release"]["releaseTitle"] == TITLE and grab["release"]["quality"] == "FLAC"
    assert download["album"]["mbId"] == PLUS and download["isUpgrade"] is False
    assert sorted(t["id"] for t in download["tracks"]) == sorted(t["id"] for t in tracks)
    assert {f["path"] for f in download["trackFiles"]} == {str(p) for p in by_path}
    assert all(f["quality"] == "FLAC" for f in download["trackFiles"])
