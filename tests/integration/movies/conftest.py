"""One movie service pointed at the fake TMDB, shared by the library tests of a package."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import RadarrAPI

from mediastack.core.roles import Role
from tests.support.fake_tmdb import API_KEY, FakeTmdb, fake_tmdb, load
from tests.support.library_services import api_client, library_service
from tests.support.library_services import wait_command as wait_command
from tests.support.services import RunningService

TODAY = datetime.now(UTC).date()
# Made-up movies (Fight Club's recorded object, renamed) with release dates around today,
# so availability, the calendar and wanted/missing have something to choose between.
UPCOMING = 900001  # in cinemas in 30 days
IN_CINEMAS = 900002  # in cinemas since 10 days, no home release yet
STREAMING = 900003  # in cinemas 60 days ago, digital since yesterday


def _dated(dates: dict[int, date]) -> dict[str, Any]:
    return {
        "results": [
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {
                        "certification": "PG-13",
                        "descriptors": [],
                        "iso_639_1": "",
                        "note": "",
                        "release_date": f"{when.isoformat()}T00:00:00.000Z",
                        "type": kind,
                    }
                    for kind, when in dates.items()
                ],
            }
        ]
    }


def made_up_movies(fake: FakeTmdb) -> None:
    base = load("jdrouet_movie-details.json")
    day = timedelta(days=1)
    for tmdb_id, title, dates in (
        (UPCOMING, "Upcoming Feature", {3: TODAY + 30 * day}),
        (IN_CINEMAS, "Now Showing", {3: TODAY - 10 * day}),
        (STREAMING, "Just Streaming", {3: TODAY - 60 * day, 4: TODAY - day}),
    ):
        movie = copy.deepcopy(base)
        first = min(dates.values())
        movie.update(
            id=tmdb_id,
            title=title,
            original_title=title,
            imdb_id=f"tt{tmdb_id}",
            release_date=first.isoformat(),
            status="Released" if first <= TODAY else "Post Production",
            release_dates=_dated(dates),
        )
        fake.add_movie(movie)


@pytest.fixture(scope="package")
def tmdb() -> Iterator[FakeTmdb]:
    with fake_tmdb() as fake:
        made_up_movies(fake)
        yield fake


def movie_service_config(fake: FakeTmdb, key: str = API_KEY) -> dict[str, Any]:
    return {
        "metadata": {
            "tmdb_url": f"{fake.url}/3",
            "tmdb_api_key": key,
            "rate_limit_backoff_seconds": 0.01,
        }
    }


@pytest.fixture(scope="package")
def movies(tmp_path_factory: pytest.TempPathFactory, tmdb: FakeTmdb) -> Iterator[RunningService]:
    service = movie_service_config(tmdb)
    with library_service(Role.MOVIES, tmp_path_factory.mktemp("movies"), service) as svc:
        yield svc


@pytest.fixture
def radarr(movies: RunningService) -> RadarrAPI:
    return RadarrAPI(movies.url, movies.api_key)


@pytest.fixture
def api(movies: RunningService) -> Iterator[httpx.Client]:
    with api_client(movies) as client:
        yield client


@pytest.fixture
def root(movies: RunningService) -> Path:
    return (movies.settings.media_dir / "movies").resolve()


@pytest.fixture(autouse=True)
def empty_library(api: httpx.Client, tmdb: FakeTmdb) -> Iterator[None]:
    yield
    tmdb.api_key = API_KEY
    for movie in api.get("/movie").json():
        api.delete(f"/movie/{movie['id']}", params={"deleteFiles": "false"})
