"""A failed Usenet download is blocklisted, removed, and the next release is grabbed.

For real on loopback: the NNTP server lacks every article of the better release, so our
usenet service fails that job; the TV service records the failure, blocklists the release,
removes the job from the client and searches again. The search must not be held back by
the failed job (it is no download in progress), so it grabs the other release, which
downloads and imports.
"""

from __future__ import annotations

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
from tests.support.fake_tvmaze import fake_tvmaze
from tests.support.releases import build_release, random_files
from tests.support.services import clear_mediastack_env, running_service
from tests.support.tv_feeds import Offered, TvFeed
from tests.support.tv_world import (
    add_game_of_thrones,
    indexer,
    news_server,
    no_size_floor,
    tv_api,
    tv_settings,
    usenet_client,
    wait,
)

INDEXER_KEY = "f" * 32
BETTER = "Game.of.Thrones.S01E05.1080p.WEB-DL.DD5.1.H.264-NTb"  # its articles are gone
OTHER = "Game.of.Thrones.S01E05.720p.HDTV.x264-CTU"
HD_PROFILE = 6  # cutoff HDTV-720p: the failed 1080p job would "meet" it


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    saved = clear_mediastack_env()
    with ExitStack() as stack:
        [gone, kept] = [
            random_files(tmp_path / name, {f"{name}.mkv": 300_000}, seed=n)[0]
            for n, name in enumerate((BETTER, OTHER))
        ]
        lost = build_release([gone], name=BETTER, part_size=64 * 1024)
        posted = build_release([kept], name=OTHER, part_size=64 * 1024, seed=8)
        nntp = ThreadedNntp(posted.articles)  # the better release's articles are missing
        stack.callback(nntp.stop)
        tvmaze = stack.enter_context(fake_tvmaze())
        got_show(tvmaze)
        newznab = stack.enter_context(running_fake_indexer(api_key=INDEXER_KEY))
        TvFeed(
            newznab,
            "usenet",
            GOT_TVDB,
            [Offered(BETTER, 1, 5, lost.nzb, 300_000), Offered(OTHER, 1, 5, posted.nzb, 300_000)],
        ).install()
        data = tmp_path / "share"
        usenet = stack.enter_context(running_service(Role.USENET, data))
        tv = stack.enter_context(running_service(Role.TV, data, service=tv_settings(tvmaze.url)))
        yield {"tv": tv, "usenet": usenet, "nntp": nntp, "newznab": newznab, "kept": kept}
    os.environ.update(saved)


def sab(usenet: Any, mode: str) -> dict[str, Any]:
    params = {"apikey": usenet.api_key, "output": "json", "mode": mode}
    answer: dict[str, Any] = httpx.get(f"{usenet.url}/api", params=params, timeout=30).json()
    return answer


def test_a_failed_job_is_blocklisted_and_the_next_release_grabbed(world: dict[str, Any]) -> None:
    tv = world["tv"]
    api = tv_api(tv)
    news_server(world["usenet"], world["nntp"].port)
    usenet_client(api, world["usenet"])
    indexer(api, "Newznab", world["newznab"].url, INDEXER_KEY)
    no_size_floor(api)
    sonarr, series, episodes = add_game_of_thrones(tv, HD_PROFILE)
    s01e05 = episodes[(1, 5)]
    sonarr.post_command("EpisodeSearch", episodeIds=[s01e05["id"]])

    def failed_in_client() -> list[dict[str, Any]]:
        slots = sab(world["usenet"], "history")["history"]["slots"]
        return [s for s in slots if s["name"] == BETTER and s["status"] == "Failed"]

    [job] = wait(failed_in_client, 60, "the usenet service to fail the job")

    def imported() -> dict[str, Any] | None:
        sonarr.post_command("RefreshMonitoredDownloads")  # type: ignore[arg-type]
        episode = sonarr.get_episode(s01e05["id"])
        return episode if episode["hasFile"] else None

    episode = wait(imported, 60, "the other release to be grabbed and imported")
    [file] = api.get("/episodefile", params={"seriesId": series["id"]}).json()
    assert file["quality"]["quality"]["name"] == "HDTV-720p"
    assert Path(file["path"]).read_bytes() == world["kept"].read_bytes()
    assert episode["episodeFileId"] == file["id"]

    blocked = api.get("/blocklist").json()["records"]
    assert [b["sourceTitle"] for b in blocked] == [BETTER]
    history = api.get("/history", params={"episodeId": s01e05["id"], "pageSize": 50}).json()
    events = [(r["eventType"], r["sourceTitle"]) for r in history["records"]]
    assert ("downloadFailed", BETTER) in events and ("grabbed", BETTER) in events
    assert ("grabbed", OTHER) in events and ("downloadFolderImported", OTHER) in events
    [failure] = [r for r in history["records"] if r["eventType"] == "downloadFailed"]
    assert failure["downloadId"] == job["nzo_id"] and failure["data"]["message"]

    # the failed job left the client and the queue; nothing is waiting any more
    assert not failed_in_client()
    assert api.get("/queue").json()["totalRecords"] == 0
