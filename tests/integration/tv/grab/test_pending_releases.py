"""Pending releases: what a delay profile holds back waits in the queue, and then...

... is grabbed by the RSS sync once its delay is over (the service's clock is moved
forward, the indexer no longer offers it), is dropped when a release of the preferred
protocol is grabbed for the same episode or the episode got a file, and can be removed
(and blocklisted) or grabbed at once from the queue. Real download clients on loopback:
a fake SABnzbd and our torrent service; Newznab and Torznab feeds over fake indexers.

The tests of this module share one service and build on each other, in file order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from mediastack.manager.grab.service import GrabService
from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.grab.conftest import HD_PROFILE, wait_command, with_fields
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.fake_tvmaze import FakeTvMaze
from tests.support.services import RunningService, clear_mediastack_env, running_service
from tests.support.tracker import info_hash, make_torrent
from tests.support.tv_feeds import Offered, TvFeed
from tests.support.tv_world import TorrentClient, indexer, torrent_client, tv_api, tv_settings

KEY = "d" * 32
PASSWORD = "a-good-test-password"
GB = 1024**3
DELAY = 60  # minutes


@dataclass
class World:
    tv: RunningService
    sab: FakeSabnzbd
    newznab: TvFeed
    torznab: TvFeed
    torrent: bytes
    series: dict[str, Any]

    @property
    def grabs(self) -> GrabService[Any, Any]:
        service: GrabService[Any, Any] = self.tv.ctx.extras["grab_service"]
        return service

    def api(self) -> httpx.Client:
        return tv_api(self.tv)

    def offer(self, feed: TvFeed, title: str, episode: int, age: timedelta) -> None:
        """A new release in ``feed``'s RSS (the ones before leave the RSS feed)."""
        body = self.torrent if feed is self.torznab else fixture("get_valid.nzb")
        hashed = info_hash(self.torrent) if feed is self.torznab else ""
        self.quiet()
        feed.offered.append(
            Offered(title, 1, episode, body, int(1.2 * GB), hashed, age=age, rss=True)
        )

    def quiet(self) -> None:
        """Nothing new in the RSS feeds; what they offered can still be downloaded."""
        for feed in (self.newznab, self.torznab):
            for offered in feed.offered:
                offered.rss = False

    def rss_sync(self) -> dict[str, Any]:
        state = wait_command(self.api(), "RssSync")
        assert state["status"] == "completed", state
        return state

    def queue(self) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"pageSize": 50, "includeEpisode": "true"}
        records: list[dict[str, Any]] = self.api().get("/queue", params=params).json()["records"]
        return records

    def delayed(self) -> list[dict[str, Any]]:
        return [r for r in self.queue() if r["status"] == "delay"]

    def episode_id(self, number: int) -> int:
        for e in self.api().get("/episode", params={"seriesId": self.series["id"]}).json():
            if (e["seasonNumber"], e["episodeNumber"]) == (1, number):
                return int(e["id"])
        raise AssertionError(number)


def delay_profile(api: httpx.Client, preferred: str) -> None:
    profile = api.get("/delayprofile/1").json()
    profile |= {
        "preferredProtocol": preferred,
        "usenetDelay": DELAY,
        "torrentDelay": 0,
        "bypassIfHighestQuality": False,
    }
    response = api.put("/delayprofile/1", json=profile)
    assert response.status_code in (200, 202), response.text


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, tvmaze: FakeTvMaze) -> Iterator[World]:
    saved = clear_mediastack_env()
    root = tmp_path_factory.mktemp("pending")
    payload = root / "seed" / "Game.of.Thrones.S01E02.720p.HDTV.x264-KILLERS"
    payload.mkdir(parents=True)
    (payload / "got.s01e02.720p.hdtv.x264-killers.mkv").write_bytes(os.urandom(64 * 1024))
    with ExitStack() as stack:
        sab = stack.enter_context(running_fake_sabnzbd())
        newznab = TvFeed(
            stack.enter_context(running_fake_indexer(api_key=KEY)), "usenet", GOT_TVDB
        ).install()
        torznab = TvFeed(
            stack.enter_context(running_fake_indexer(api_key=KEY)), "torrent", GOT_TVDB
        ).install()
        data = root / "share"
        ours = stack.enter_context(running_service(Role.TORRENT, data, auth={"password": PASSWORD}))
        tv = stack.enter_context(running_service(Role.TV, data, service=tv_settings(tvmaze.url)))
        api = tv_api(tv)
        schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
        port = int(sab.url.rsplit(":", 1)[1].rstrip("/"))
        body = with_fields(
            schema["Sabnzbd"], host="127.0.0.1", port=port, apiKey=sab.api_key, tvCategory="tv"
        )
        body |= {"name": "Fake SABnzbd", "enable": True}
        created = api.post("/downloadclient", params={"forceSave": "true"}, json=body)
        assert created.status_code == 201, created.text
        torrent_client(api, TorrentClient("mediastack torrent", ours.url, "admin", PASSWORD))
        indexer(api, "Newznab", newznab.fake.url, KEY)
        indexer(api, "Torznab", torznab.fake.url, KEY)
        series = api.post(
            "/series",
            json={
                "tvdbId": GOT_TVDB,
                "title": "Game of Thrones",
                "qualityProfileId": HD_PROFILE,
                "rootFolderPath": str((tv.settings.media_dir / "tv").resolve()),
                "monitored": True,
                "seasonFolder": True,
            },
        )
        assert series.status_code == 201, series.text
        yield World(tv, sab, newznab, torznab, make_torrent(payload), series.json())
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def real_time(world: World) -> Iterator[None]:
    yield
    world.grabs.clock = lambda: datetime.now(UTC)


def test_a_delayed_usenet_release_waits_in_the_queue_then_is_grabbed(world: World) -> None:
    api = world.api()
    delay_profile(api, "usenet")
    title = "Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"
    world.offer(world.newznab, title, 1, timedelta(minutes=5))
    synced = world.rss_sync()
    assert "1 pending" in synced["message"], synced

    [waiting] = world.delayed()
    assert world.sab.jobs == {}
    assert waiting["title"] == title and waiting["protocol"] == "usenet"
    assert waiting["size"] == int(1.2 * GB) and waiting["sizeleft"] == int(1.2 * GB)
    assert waiting["episodeId"] == world.episode_id(1)
    assert waiting["seriesId"] == world.series["id"] and waiting["seasonNumber"] == 1
    assert waiting["episode"]["episodeNumber"] == 1
    assert waiting["downloadId"] is None and waiting["downloadClient"] is None
    assert waiting["quality"]["quality"]["name"] == "HDTV-720p"
    assert waiting["indexer"] == "Loopback Newznab"
    ends = datetime.fromisoformat(waiting["estimatedCompletionTime"].replace("Z", "+00:00"))
    expected = datetime.now(UTC) + timedelta(minutes=DELAY - 5)
    assert abs(ends - expected) < timedelta(minutes=1), waiting["estimatedCompletionTime"]
    hours, minutes, _ = (int(float(p)) for p in waiting["timeleft"].split(":"))
    assert (hours, minutes) in ((0, DELAY - 6), (0, DELAY - 5)), waiting["timeleft"]
    status = api.get("/queue/status").json()
    assert status["totalCount"] == 1 and status["count"] == 1
    [detail] = api.get("/queue/details", params={"episodeIds": world.episode_id(1)}).json()
    assert detail["id"] == waiting["id"] and detail["status"] == "delay"

    # another sync before the delay is over: still waiting, still once
    world.quiet()
    world.rss_sync()
    assert [r["id"] for r in world.delayed()] == [waiting["id"]] and world.sab.jobs == {}

    # the delay is over (the indexer no longer offers it): the next sync grabs it
    world.grabs.clock = lambda: datetime.now(UTC) + timedelta(minutes=DELAY)
    synced = world.rss_sync()
    assert "1 grabbed" in synced["message"], synced
    assert [j.name for j in world.sab.jobs.values()] == [title]
    assert world.delayed() == []
    assert [r["title"] for r in world.queue()] == [title]
    assert world.grabs.delayed.store.all() == []


def test_a_release_of_the_preferred_protocol_replaces_the_waiting_one(world: World) -> None:
    api = world.api()
    delay_profile(api, "torrent")
    usenet = "Game.of.Thrones.S01E02.720p.HDTV.x264-CTU"
    world.offer(world.newznab, usenet, 2, timedelta(minutes=5))
    world.rss_sync()
    assert [r["title"] for r in world.delayed()] == [usenet]

    torrent = "Game.of.Thrones.S01E02.720p.HDTV.x264-KILLERS"
    world.offer(world.torznab, torrent, 2, timedelta(minutes=1))
    synced = world.rss_sync()
    assert "1 grabbed" in synced["message"], synced
    assert world.delayed() == []  # the same quality was grabbed: nothing left to wait for
    grabbed = [r for r in world.queue() if r["episodeId"] == world.episode_id(2)]
    assert [(r["title"], r["protocol"]) for r in grabbed] == [(torrent, "torrent")]
    assert all(j.name != usenet for j in world.sab.jobs.values())


def test_a_waiting_release_is_dropped_once_the_episode_has_a_file(world: World) -> None:
    api = world.api()
    delay_profile(api, "usenet")
    title = "Game.of.Thrones.S01E04.720p.HDTV.x264-CTU"
    world.offer(world.newznab, title, 4, timedelta(minutes=5))
    world.rss_sync()
    assert [r["title"] for r in world.delayed()] == [title]

    season = Path(world.series["path"]) / "Season 01"
    season.mkdir(parents=True, exist_ok=True)
    (season / "Game.of.Thrones.S01E04.720p.HDTV.x264-LOL.mkv").write_bytes(b"\0" * 4096)
    assert wait_command(api, "RescanSeries", seriesId=world.series["id"])["status"] == "completed"
    world.quiet()
    world.rss_sync()  # judged again: the file meets the cutoff, the release is not wanted
    assert world.delayed() == []
    assert all(j.name != title for j in world.sab.jobs.values())


def test_a_waiting_release_can_be_removed_blocklisted_or_grabbed_at_once(world: World) -> None:
    api = world.api()
    removed = "Game.of.Thrones.S01E05.720p.HDTV.x264-CTU"
    world.offer(world.newznab, removed, 5, timedelta(minutes=5))
    world.rss_sync()
    [waiting] = world.delayed()
    response = api.delete(f"/queue/{waiting['id']}", params={"blocklist": "true"})
    assert response.status_code == 200, response.text
    assert world.delayed() == []
    blocked = api.get("/blocklist", params={"pageSize": 50}).json()["records"]
    assert [(b["sourceTitle"], b["message"]) for b in blocked] == [
        (removed, "Pending release manually blocklisted")
    ]
    assert api.delete(f"/queue/{waiting['id']}").status_code == 404

    wanted = "Game.of.Thrones.S01E06.720p.HDTV.x264-CTU"
    world.offer(world.newznab, wanted, 6, timedelta(minutes=5))
    world.rss_sync()
    [waiting] = world.delayed()
    grabbed = api.post(f"/queue/grab/{waiting['id']}")
    assert grabbed.status_code == 200, grabbed.text
    assert wanted in [j.name for j in world.sab.jobs.values()]
    assert world.delayed() == []
    assert api.post(f"/queue/grab/{waiting['id']}").status_code == 404


def test_a_waiting_release_is_stored_whole(world: World) -> None:
    """In the database, with all a later sync needs to judge and grab it."""
    title = "Game.of.Thrones.S01E07.720p.HDTV.x264-CTU"
    world.offer(world.newznab, title, 7, timedelta(minutes=5))
    world.rss_sync()
    [stored] = world.grabs.delayed.store.all()
    assert stored.release.title == title and stored.item_ids == (world.episode_id(7),)
    assert stored.release.protocol == "usenet" and stored.release.size == int(1.2 * GB)
    assert stored.delay_until - stored.release.publish_date == timedelta(minutes=DELAY)


def test_once_the_oldest_waited_the_delay_the_best_that_came_is_grabbed(world: World) -> None:
    """A better release turning up during the delay does not start the wait again: when
    the first one's delay is over, the best of them is grabbed and the other dropped."""
    api = world.api()
    delay_profile(api, "usenet")
    first = "Game.of.Thrones.S01E08.720p.HDTV.x264-CTU"
    world.offer(world.newznab, first, 8, timedelta(minutes=4))  # newer than any before
    world.rss_sync()
    better = "Game.of.Thrones.S01E08.1080p.WEB-DL.DD5.1.H.264-NTb"
    world.offer(world.newznab, better, 8, timedelta(minutes=1))
    world.rss_sync()
    waiting = [r for r in world.delayed() if r["episodeId"] == world.episode_id(8)]
    assert sorted(r["title"] for r in waiting) == sorted([first, better])

    # the first has waited its hour; the better one only 57 minutes
    world.quiet()
    world.grabs.clock = lambda: datetime.now(UTC) + timedelta(minutes=DELAY - 4)
    world.rss_sync()
    assert better in [j.name for j in world.sab.jobs.values()]
    assert first not in [j.name for j in world.sab.jobs.values()]
    assert [r for r in world.delayed() if r["episodeId"] == world.episode_id(8)] == []
