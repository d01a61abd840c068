"""The seed's whole TV data flow on loopback, with no mocks between our own parts.

Outside world (loopback stand-ins): TVmaze serving recorded responses, a Newznab and a
Torznab indexer, an NNTP server holding a yEnc-posted episode, Debian's ``opentracker``,
a plain libtorrent peer seeding a season pack and announcing it to that tracker, and a
Jellyfin server recording what it is told. The files are real video (ffmpeg's test
pattern and a tone) so that the import probes them: the season pack carries a short
sample, which must be left behind. Ours, for real: the TV service, the usenet service and
the torrent service (or, in the second run, Debian's qbittorrent-nox in its place), all
on one data tree as on the seed's share.

Through pyarr: add the series, search season 1 and S02E01; the episode comes over Usenet
and the pack over BitTorrent from the peer the tracker names (nobody tells the client the
peer's address); both import into /media/tv under the configured naming, the pack's files
hardlinked while the torrent keeps seeding; history and episode files show in the API, and
Jellyfin is asked to refresh the series.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.tv.conftest import GOT_TVDB, got_show
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.fake_indexer import running_fake_indexer
from tests.support.fake_media_servers import JellyfinLibrary, jellyfin_routes, recording_server
from tests.support.fake_tvmaze import fake_tvmaze
from tests.support.media import EPISODE_SECONDS, SAMPLE_SECONDS, clip, place_copies
from tests.support.qbittorrent_nox import qbittorrent_nox, running_qbittorrent_nox
from tests.support.releases import build_release
from tests.support.services import clear_mediastack_env, running_service
from tests.support.tracker import Seeder, info_hash, make_torrent, opentracker, running_opentracker
from tests.support.tv_feeds import Offered, TvFeed
from tests.support.tv_world import (
    TorrentClient,
    add_game_of_thrones,
    indexer,
    jellyfin,
    naming,
    news_server,
    no_size_floor,
    torrent_client,
    tv_api,
    tv_settings,
    usenet_client,
    wait,
)

INDEXER_KEY = "e" * 32
PASSWORD = "a-good-test-password"
JELLYFIN_KEY = "jellyfin-key"
PACK = "Game.of.Thrones.S01.1080p.BluRay.x264-GRP"
EPISODE = "Game.of.Thrones.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb"
EPISODE_FORMAT = "{Series Title} - S{season:00}E{episode:00} - {Episode Title} [{Quality Full}]"
SEEDING = ("uploading", "stalledUP", "queuedUP", "forcedUP")


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    cache = tmp_path_factory.mktemp("clips")
    return {"episode": clip(cache, EPISODE_SECONDS), "sample": clip(cache, SAMPLE_SECONDS)}


@pytest.fixture(params=["mediastack", "qbittorrent-nox"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, clips: dict[str, Path]
) -> Iterator[dict[str, Any]]:
    if opentracker() is None:
        pytest.skip("opentracker is not installed (CI installs it)")
    if request.param == "qbittorrent-nox" and qbittorrent_nox() is None:
        pytest.skip("qbittorrent-nox is not installed (CI installs it)")
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        tracker = stack.enter_context(running_opentracker(tmp_path))

        # the season pack: ten episodes and a sample, seeded by a peer the tracker knows
        seed = tmp_path / "seed"
        episodes = [
            seed / PACK / f"{PACK.replace('S01', f'S01E{n:02d}')}.mkv" for n in range(1, 11)
        ]
        place_copies(clips["episode"], episodes)
        sample = seed / PACK / "Sample" / f"{PACK.replace('S01', 'S01E01')}-sample.mkv"
        place_copies(clips["sample"], [sample])
        torrent = make_torrent(seed / PACK, [tracker.announce_url])
        pack_hash = info_hash(torrent)
        tracker.allow(pack_hash)
        seeder = Seeder()
        stack.callback(seeder.close)
        seeder.seed(torrent, seed)

        # the episode: posted to the loopback NNTP server
        post = tmp_path / "post" / f"{EPISODE}.mkv"
        place_copies(clips["episode"], [post])
        posted = build_release([post], name=EPISODE, part_size=256 * 1024)
        nntp = ThreadedNntp(posted.articles)
        stack.callback(nntp.stop)

        newznab = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        size = post.stat().st_size
        TvFeed(newznab, "usenet", GOT_TVDB, [Offered(EPISODE, 2, 1, posted.nzb, size)]).install()
        torznab = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        pack_size = sum(p.stat().st_size for p in [*episodes, sample])
        TvFeed(
            torznab, "torrent", GOT_TVDB, [Offered(PACK, 1, None, torrent, pack_size, pack_hash)]
        ).install()

        tvmaze = stack.enter_context(fake_tvmaze())
        got_show(tvmaze)
        jellyfin = stack.enter_context(
            recording_server(jellyfin_routes(JellyfinLibrary(JELLYFIN_KEY)))
        )
        data = tmp_path / "share"  # one tree for every service, like the seed's PVC
        usenet = stack.enter_context(running_service(Role.USENET, data))
        if request.param == "mediastack":
            ours = stack.enter_context(
                running_service(Role.TORRENT, data, auth={"password": PASSWORD})
            )
            client = TorrentClient("mediastack torrent", ours.url, "admin", PASSWORD)
        else:
            nox = stack.enter_context(
                running_qbittorrent_nox(data / "downloads" / "qbittorrent-nox", PASSWORD)
            )
            client = TorrentClient("qbittorrent-nox", nox.url, nox.username, PASSWORD)
        tv = stack.enter_context(running_service(Role.TV, data, service=tv_settings(tvmaze.url)))
        yield {
            "tv": tv,
            "usenet": usenet,
            "torrent": client,
            "nntp": nntp,
            "newznab": newznab,
            "torznab": torznab,
            "tracker": tracker,
            "seeder": seeder,
            "jellyfin": jellyfin,
            "pack_hash": pack_hash,
            "episodes": episodes,
            "sample": sample,
            "clips": clips,
        }
    os.environ.update(saved)


def _connect(api: httpx.Client, world: dict[str, Any]) -> None:
    """Both download clients, both indexers, Jellyfin and the naming, as a user sets them."""
    news_server(world["usenet"], world["nntp"].port)
    usenet_client(api, world["usenet"])
    torrent_client(api, world["torrent"])
    indexer(api, "Newznab", world["newznab"].url, INDEXER_KEY)
    indexer(api, "Torznab", world["torznab"].url, INDEXER_KEY)
    jellyfin(api, world["jellyfin"].url, JELLYFIN_KEY)
    no_size_floor(api)
    naming(api, EPISODE_FORMAT)


def test_a_series_goes_from_search_to_library(world: dict[str, Any]) -> None:
    tv = world["tv"]
    api = tv_api(tv)
    _connect(api, world)
    sonarr, series, by_number = add_game_of_thrones(tv, 6)  # HD - 720p/1080p
    root = str((tv.settings.media_dir / "tv").resolve())
    wanted = {by_number[(1, n)]["id"] for n in range(1, 11)} | {by_number[(2, 1)]["id"]}

    sonarr.post_command("SeasonSearch", seriesId=series["id"], seasonNumber=1)
    sonarr.post_command("EpisodeSearch", episodeIds=[by_number[(2, 1)]["id"]])

    # the torrent client gets the pack and finds the seeder through the tracker alone
    qbt = world["torrent"].api()

    def grabbed() -> list[dict[str, Any]]:
        return list(qbt.get("/torrents/info", params={"category": "tv"}).json())

    [job] = wait(grabbed, 30, "the pack to reach the torrent client")
    assert job["hash"] == world["pack_hash"] and job["name"] == PACK

    def imported() -> list[dict[str, Any]]:
        sonarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        have = [e for e in sonarr.get_episode(series["id"], series=True) if e["hasFile"]]
        return have if {e["id"] for e in have} >= wanted else []

    wait(imported, 90, "both imports")

    # under the configured names, in the series' folder below the root
    files = api.get("/episodefile", params={"seriesId": series["id"]}).json()
    assert len(files) == 11, [f["relativePath"] for f in files]
    folder = Path(series["path"])
    assert folder.parent == Path(root)
    by_episode = {(e["seasonNumber"], e["episodeNumber"]): e for e in imported()}
    expected = {
        folder / f"Season {s:02d}" / (
            f"Game of Thrones - S{s:02d}E{n:02d} - "
            f"{by_episode[(s, n)]['title']} [{'Bluray-1080p' if s == 1 else 'WEBDL-1080p'}].mkv"
        )
        for s, n in [*((1, n) for n in range(1, 11)), (2, 1)]
    }  # fmt: skip
    assert {Path(f["path"]) for f in files} == expected

    # the pack's files are hardlinks of what keeps seeding; the sample stayed behind
    [state] = grabbed()
    assert state["state"] in SEEDING, state["state"]
    content = Path(state["content_path"])
    s01e01 = folder / "Season 01" / next(p.name for p in expected if "S01E01" in p.name)
    assert s01e01.stat().st_ino == (content / world["episodes"][0].name).stat().st_ino
    sample = content / "Sample" / world["sample"].name
    assert sample.exists()
    library_inodes = {Path(f["path"]).stat().st_ino for f in files}
    assert sample.stat().st_ino not in library_inodes
    assert world["seeder"].uploaded() > 0
    trackers = qbt.get("/torrents/trackers", params={"hash": world["pack_hash"]}).json()
    announce = next(t for t in trackers if t["url"] == world["tracker"].announce_url)
    assert announce["status"] == 2, announce  # "working": the peer came from here

    # the Usenet episode was moved in whole
    s02e01 = next(p for p in expected if "S02E01" in p.name)
    digest = hashlib.md5(world["clips"]["episode"].read_bytes()).hexdigest()
    assert hashlib.md5(s02e01.read_bytes()).hexdigest() == digest

    # history and the queue tell the story
    history = sonarr.get_history(page_size=100)["records"]
    events = {(r["eventType"], r["episodeId"]) for r in history}
    for episode_id in wanted:
        assert ("grabbed", episode_id) in events
        assert ("downloadFolderImported", episode_id) in events
    grabs = {r["episodeId"]: r["data"] for r in history if r["eventType"] == "grabbed"}
    assert grabs[by_number[(2, 1)]["id"]]["protocolName"] == "usenet"
    assert grabs[by_number[(1, 1)]["id"]]["protocolName"] == "torrent"
    assert grabs[by_number[(1, 1)]["id"]]["torrentInfoHash"] == world["pack_hash"]
    assert sonarr.get_queue()["totalRecords"] == 0

    # Jellyfin is told the series' folder changed
    updates = world["jellyfin"].wait("POST", "/Library/Media/Updated", timeout=20)
    changes = [u for seen in updates for u in seen.json()["updates"]]
    assert {"path": series["path"], "updateType": "Created"} in changes
    assert all(seen.headers["x-mediabrowser-token"] == JELLYFIN_KEY for seen in updates)
