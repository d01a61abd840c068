"""One TV service pointed at the fake TVmaze, shared by the library tests of a module."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pyarr import SonarrAPI

from mediastack.core.roles import Role
from tests.support.fake_tvmaze import FakeTvMaze, fake_tvmaze, load
from tests.support.library_services import api_client, library_service
from tests.support.library_services import wait_command as wait_command
from tests.support.services import RunningService

GOT_TVMAZE = 82
GOT_TVDB = 121361
POSTER = b"\xff\xd8\xff\xe0fake-jpeg-poster"


def got_show(fake: FakeTvMaze) -> None:
    """Game of Thrones' recorded episode list (8 seasons, 73 episodes) with the last season
    moved into the future and its finale not yet dated, so every monitoring option has
    something to choose between; the show object is The Flash's recorded one, renamed."""
    show = {k: v for k, v in load("shows_13_embed_seasons.json").items() if k != "_embedded"}
    show.update(
        id=GOT_TVMAZE,
        name="Game of Thrones",
        externals={"tvrage": 24493, "thetvdb": GOT_TVDB, "imdb": "tt0944947"},
        image={"medium": None, "original": fake.add_image("got.jpg", POSTER)},
        status="Ended",
        premiered="2011-04-17",
    )
    episodes = copy.deepcopy(load("shows_82_episodes.json"))
    now = datetime.now(UTC)
    season8 = [e for e in episodes if e["season"] == 8]
    for offset, episode in enumerate(season8):
        stamp = now + timedelta(days=7 * (offset + 1))
        episode["airstamp"] = stamp.isoformat()
        episode["airdate"] = stamp.date().isoformat()
    season8[-1].update(airstamp=None, airdate="", airtime="")
    fake.add_show(show, episodes)


@pytest.fixture(scope="package")
def tvmaze() -> Iterator[FakeTvMaze]:
    with fake_tvmaze() as fake:
        got_show(fake)
        yield fake


@pytest.fixture(scope="package")
def tv(tmp_path_factory: pytest.TempPathFactory, tvmaze: FakeTvMaze) -> Iterator[RunningService]:
    service = {"metadata": {"tvmaze_url": tvmaze.url, "rate_limit_backoff_seconds": 0.01}}
    with library_service(Role.TV, tmp_path_factory.mktemp("tv"), service) as svc:
        yield svc


@pytest.fixture
def sonarr(tv: RunningService) -> SonarrAPI:
    return SonarrAPI(tv.url, tv.api_key)


@pytest.fixture
def api(tv: RunningService) -> Iterator[httpx.Client]:
    with api_client(tv) as client:
        yield client


@pytest.fixture
def root(tv: RunningService) -> Path:
    return (tv.settings.media_dir / "tv").resolve()


@pytest.fixture(autouse=True)
def empty_library(api: httpx.Client) -> Iterator[None]:
    yield
    for series in api.get("/series").json():
        api.delete(f"/series/{series['id']}", params={"deleteFiles": "false"})
