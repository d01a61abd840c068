"""A movie release a delay profile holds back waits in Radarr's queue, then is grabbed.

The pending-release engine is the one the TV service uses; this checks Radarr's words
around it (``movieId``, ``movie``) and that the RSS sync grabs the release once the delay
is over (the service's clock moved forward).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from mediastack.manager.grab.service import GrabService
from tests.integration.movies.grab.conftest import GB, MATRIX, MovieEnv, MovieRelease, add_movie
from tests.integration.tv.grab.conftest import wait_command

TITLE = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H.264-NTb"


def test_a_delayed_movie_release_waits_then_is_grabbed(env: MovieEnv) -> None:
    api = env.api()
    profile = api.get("/delayprofile/1").json() | {
        "usenetDelay": 60,
        "bypassIfHighestQuality": False,
    }
    assert api.put("/delayprofile/1", json=profile).status_code in (200, 202)
    movie = add_movie(env, MATRIX)
    env.indexer.movies = [MovieRelease(TITLE, 4 * GB, "0133093", timedelta(minutes=5), rss=True)]
    assert wait_command(api, "RssSync")["status"] == "completed"
    assert env.sab.jobs == {}
    params: dict[str, Any] = {"includeMovie": "true"}
    [waiting] = api.get("/queue", params=params).json()["records"]
    assert (waiting["status"], waiting["title"], waiting["movieId"]) == (
        "delay",
        TITLE,
        movie["id"],
    )
    assert waiting["movie"]["tmdbId"] == MATRIX and waiting["protocol"] == "usenet"

    grabs: GrabService[Any, Any] = env.service.ctx.extras["grab_service"]
    grabs.clock = lambda: datetime.now(UTC) + timedelta(minutes=60)
    try:
        env.indexer.movies = []  # the indexer's RSS no longer offers it
        synced = wait_command(api, "RssSync")
    finally:
        grabs.clock = lambda: datetime.now(UTC)
    assert "1 grabbed" in synced["message"], synced
    assert [j.name for j in env.sab.jobs.values()] == [TITLE]
    [download] = api.get("/queue").json()["records"]
    assert download["status"] != "delay" and download["downloadId"] in env.sab.jobs
