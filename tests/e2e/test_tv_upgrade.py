"""An upgrade for real: a better release replaces the file and the old one is recycled.

On loopback: the episode first arrives as HDTV-720p, under the profile's cutoff
(Bluray-1080p). When the indexer later offers a Blu-ray release, a search grabs it as an
upgrade; our usenet service downloads it, the TV service imports it over the old file,
which lands in the recycle bin, writes the history of both files, and tells Jellyfin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from mediastack.core.roles import Role
from tests.integration.tv.conftest import GOT_TVDB, got_show
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.fake_indexer import running_fake_indexer
from tests.support.fake_media_servers import JellyfinLibrary, jellyfin_routes, recording_server
from tests.support.fake_tvmaze import fake_tvmaze
from tests.support.releases import build_release, random_files
from tests.support.services import clear_mediastack_env, running_service
from tests.support.tv_feeds import Offered, TvFeed
from tests.support.tv_world import (
    add_game_of_thrones,
    indexer,
    jellyfin,
    news_server,
    no_size_floor,
    tv_api,
    tv_settings,
    usenet_client,
    wait,
)

INDEXER_KEY = "a" * 32
JELLYFIN_KEY = "jellyfin-key"
FIRST = "Game.of.Thrones.S01E03.720p.HDTV.x264-CTU"
BETTER = "Game.of.Thrones.S01E03.1080p.BluRay.x264-HiQ"
HD_PROFILE = 6  # HD - 720p/1080p; its cutoff is raised to Bluray-1080p below


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        payloads = {
            name: random_files(tmp_path / name, {f"{name}.mkv": size}, seed=n)[0]
            for n, (name, size) in enumerate(((FIRST, 200_000), (BETTER, 300_000)))
        }
        posts = {
            name: build_release([path], name=name, part_size=64 * 1024, seed=n)
            for n, (name, path) in enumerate(payloads.items())
        }
        nntp = ThreadedNntp({k: v for p in posts.values() for k, v in p.articles.items()})
        stack.callback(nntp.stop)
        tvmaze = stack.enter_context(fake_tvmaze())
        got_show(tvmaze)
        newznab = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        feed = TvFeed(newznab, "usenet", GOT_TVDB).install()
        offers = {
            name: Offered(name, 1, 3, posts[name].nzb, payloads[name].stat().st_size)
            for name in posts
        }
        media_server = stack.enter_context(
            recording_server(jellyfin_routes(JellyfinLibrary(JELLYFIN_KEY)))
        )
        data = tmp_path / "share"
        usenet = stack.enter_context(running_service(Role.USENET, data))
        tv = stack.enter_context(running_service(Role.TV, data, service=tv_settings(tvmaze.url)))
        yield {
            "tv": tv, "usenet": usenet, "nntp": nntp, "newznab": newznab, "feed": feed,
            "offers": offers, "payloads": payloads, "jellyfin": media_server,
            "recycle": data / "recycle",
        }  # fmt: skip
    os.environ.update(saved)


def test_a_better_release_replaces_the_file_and_recycles_the_old_one(
    world: dict[str, Any],
) -> None:
    tv = world["tv"]
    api = tv_api(tv)
    news_server(world["usenet"], world["nntp"].port)
    usenet_client(api, world["usenet"])
    indexer(api, "Newznab", world["newznab"].url, INDEXER_KEY)
    jellyfin(api, world["jellyfin"].url, JELLYFIN_KEY)
    no_size_floor(api)
    world["recycle"].mkdir()
    settings = api.get("/config/mediamanagement").json() | {"recycleBin": str(world["recycle"])}
    assert api.put("/config/mediamanagement", json=settings).status_code == 202
    profile = api.get(f"/qualityprofile/{HD_PROFILE}").json()
    profile |= {"upgradeAllowed": True, "cutoff": 7}  # Bluray-1080p
    assert api.put(f"/qualityprofile/{HD_PROFILE}", json=profile).status_code == 202

    sonarr, series, episodes = add_game_of_thrones(tv, HD_PROFILE)
    target = episodes[(1, 3)]
    feed: TvFeed = world["feed"]

    def files() -> list[dict[str, Any]]:
        sonarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        return list(api.get("/episodefile", params={"seriesId": series["id"]}).json())

    def quality(name: str) -> Any:
        return lambda: [f for f in files() if f["quality"]["quality"]["name"] == name]

    feed.offered = [world["offers"][FIRST]]
    sonarr.post_command("EpisodeSearch", episodeIds=[target["id"]])
    [first] = wait(quality("HDTV-720p"), 60, "the 720p file")
    old = Path(first["path"])
    assert old.read_bytes() == world["payloads"][FIRST].read_bytes()

    # the Blu-ray release appears; the search takes it as an upgrade over the 720p file
    feed.offered = [world["offers"][FIRST], world["offers"][BETTER]]
    [offered] = [
        r
        for r in api.get("/release", params={"episodeId": target["id"]}).json()
        if r["title"] == FIRST
    ]
    assert offered["rejections"], "the file it came from is no upgrade"
    sonarr.post_command("EpisodeSearch", episodeIds=[target["id"]])
    [better] = wait(quality("Bluray-1080p"), 60, "the upgrade")
    new = Path(better["path"])
    assert new.read_bytes() == world["payloads"][BETTER].read_bytes()
    assert not old.exists() and len(files()) == 1

    recycled = list(world["recycle"].rglob(old.name))
    assert len(recycled) == 1 and recycled[0].read_bytes() == world["payloads"][FIRST].read_bytes()
    history = api.get("/history", params={"episodeId": target["id"], "pageSize": 50}).json()
    deleted = [r for r in history["records"] if r["eventType"] == "episodeFileDeleted"]
    assert len(deleted) == 1 and deleted[0]["data"]["reason"] == "Upgrade"
    assert deleted[0]["data"]["recycleBinPath"] == str(recycled[0])
    imports = [
        r["sourceTitle"] for r in history["records"] if r["eventType"] == "downloadFolderImported"
    ]
    assert sorted(imports) == sorted([FIRST, BETTER])
    episode = sonarr.get_episode(target["id"])
    assert episode["hasFile"] and episode["episodeFileId"] == better["id"]

    # Jellyfin heard of the first import and of the upgrade
    updates = world["jellyfin"].wait("POST", "/Library/Media/Updated", count=2, timeout=20)
    assert all(seen.headers["x-mediabrowser-token"] == JELLYFIN_KEY for seen in updates)
