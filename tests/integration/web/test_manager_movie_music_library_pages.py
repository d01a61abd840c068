"""The movie and music managers' library pages over real HTTP: the same routes as TV, with
their own add options (minimum availability, metadata profile), layouts (one file; albums
and tracks) and lists."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.movies.conftest import IN_CINEMAS, UPCOMING
from tests.support.fake_musicbrainz import ED_SHEERAN
from tests.support.manager_web import ManagerRig, movies_rig, music_rig

ROUTES = ["/library", "/library/1", "/library/1/live", "/add", "/calendar", "/wanted/missing"]


def added_id(reply: httpx.Response, title: str) -> int:
    assert reply.status_code == 303, reply.text
    plus = title.replace(" ", "+")
    match = re.fullmatch(
        rf"/library/(\d+)\?message=Added\+{re.escape(plus)}\.", reply.headers["location"]
    )
    assert match, reply.headers["location"]
    return int(match.group(1))


# --- movies -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def movies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerRig]:
    with movies_rig(tmp_path_factory.mktemp("movie-pages")) as rig:
        yield rig


@pytest.fixture(scope="module")
def movie_web(movies: ManagerRig) -> Iterator[httpx.Client]:
    client = movies.web()
    yield client
    client.close()


@pytest.fixture(scope="module")
def movie(movies: ManagerRig, movie_web: httpx.Client) -> dict[str, Any]:
    search = movie_web.get("/add", params={"term": "now showing"})
    assert search.status_code == 200 and "Minimum availability" in search.text
    assert "Add Now Showing…" in search.text
    root = str((movies.svc.settings.media_dir / "movies").resolve())
    reply = movie_web.post(
        "/add",
        data={
            "term": "now showing",
            "tmdbId": str(IN_CINEMAS),
            "title": "Now Showing",
            "rootFolderPath": root,
            "qualityProfileId": "1",
            "minimumAvailability": "inCinemas",
            "monitor": "movieOnly",
        },
    )
    movie_id = added_id(reply, "Now Showing")
    with movies.api() as api:
        found: dict[str, Any] = api.get(f"/movie/{movie_id}").json()
    assert found["minimumAvailability"] == "inCinemas" and found["monitored"] is True
    return found


@pytest.mark.parametrize("path", ROUTES)
def test_movie_pages_need_a_login(movies: ManagerRig, path: str) -> None:
    reply = httpx.get(movies.url + path, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/login"


def test_movie_grid_detail_and_lists(movie_web: httpx.Client, movie: dict[str, Any]) -> None:
    grid = movie_web.get("/library").text
    assert f'href="/library/{movie["id"]}"' in grid and "Now Showing" in grid
    assert "Missing" in grid  # monitored, in cinemas, minimum availability met, no file
    detail = movie_web.get(f"/library/{movie['id']}")
    assert detail.status_code == 200
    assert "In cinemas" in detail.text and "Fox 2000 Pictures" in detail.text
    assert "Monitored and available" in detail.text
    assert f'href="/library/{movie["id"]}/releases"' in detail.text
    assert movie_web.get("/library/4242").status_code == 404
    assert movie_web.get(f"/library/{movie['id']}/live").status_code == 200
    missing = movie_web.get("/wanted/missing").text
    assert "Now Showing" in missing
    in_cinemas = movie["inCinemas"][:10]
    calendar = movie_web.get("/calendar", params={"start": in_cinemas}).text
    assert "Now Showing" in calendar and "In cinemas" in calendar


def test_movie_unmonitor_and_search(
    movies: ManagerRig, movie_web: httpx.Client, movie: dict[str, Any]
) -> None:
    with movies.api() as api:
        movie_web.post(f"/library/{movie['id']}/monitor", data={"monitored": "false"})
        assert api.get(f"/movie/{movie['id']}").json()["monitored"] is False
        assert "Not monitored" in movie_web.get(f"/library/{movie['id']}").text
        movie_web.post(f"/library/{movie['id']}/monitor", data={"monitored": "true"})
        parts = movie_web.post(
            f"/library/{movie['id']}/monitor", data={"scope": "season", "value": "1"}
        )
        assert "error=A+movie+has+no+parts" in parts.headers["location"]
        reply = movie_web.post(f"/library/{movie['id']}/search")
        # the command is the original's; this service may not run it yet, and says so
        location = reply.headers["location"]
        assert (
            "message=Searching+for+Now+Showing" in location
            or "error=Search+not+started" in location
        )


def test_an_unmonitored_movie_shows_in_the_calendar_on_request(
    movies: ManagerRig, movie_web: httpx.Client
) -> None:
    root = str((movies.svc.settings.media_dir / "movies").resolve())
    reply = movie_web.post(
        "/add",
        data={
            "tmdbId": str(UPCOMING),
            "rootFolderPath": root,
            "qualityProfileId": "1",
            "monitor": "none",
        },
    )
    movie_id = added_id(reply, "Upcoming Feature")
    with movies.api() as api:
        found = api.get(f"/movie/{movie_id}").json()
    assert found["monitored"] is False
    week = {"start": found["inCinemas"][:10]}
    assert "Upcoming Feature" not in movie_web.get("/calendar", params=week).text  # unmonitored
    shown = movie_web.get("/calendar", params={**week, "unmonitored": "true"}).text
    assert "Upcoming Feature" in shown and 'class="event muted"' in shown


# --- music --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def music(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerRig]:
    with music_rig(tmp_path_factory.mktemp("music-pages")) as rig:
        yield rig


@pytest.fixture(scope="module")
def music_web(music: ManagerRig) -> Iterator[httpx.Client]:
    client = music.web()
    yield client
    client.close()


def wait_albums(music: ManagerRig, artist_id: int) -> list[dict[str, Any]]:
    """The add refreshes the artist in the background; wait for its albums."""
    deadline = time.monotonic() + 20
    with music.api() as api:
        while time.monotonic() < deadline:
            albums: list[dict[str, Any]] = api.get("/album", params={"artistId": artist_id}).json()
            busy = [c for c in api.get("/command").json() if c["status"] in ("queued", "started")]
            if albums and not busy:
                return albums
            time.sleep(0.1)
    raise AssertionError("the artist's albums did not arrive")


@pytest.fixture(scope="module")
def artist(music: ManagerRig, music_web: httpx.Client) -> dict[str, Any]:
    search = music_web.get("/add", params={"term": "ed sheeran"})
    assert search.status_code == 200 and "Metadata profile" in search.text
    assert "Add Ed Sheeran…" in search.text
    root = str((music.svc.settings.media_dir / "music").resolve())
    reply = music_web.post(
        "/add",
        data={
            "term": "ed sheeran",
            "foreignArtistId": ED_SHEERAN,
            "artistName": "Ed Sheeran",
            "rootFolderPath": root,
            "qualityProfileId": "1",
            "metadataProfileId": "1",
            "monitor": "all",
        },
    )
    artist_id = added_id(reply, "Ed Sheeran")
    wait_albums(music, artist_id)
    with music.api() as api:
        found: dict[str, Any] = api.get(f"/artist/{artist_id}").json()
    return found


@pytest.mark.parametrize("path", ROUTES)
def test_music_pages_need_a_login(music: ManagerRig, path: str) -> None:
    reply = httpx.get(music.url + path, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/login"


def test_artist_grid_and_albums_with_tracks(
    music_web: httpx.Client, artist: dict[str, Any]
) -> None:
    grid = music_web.get("/library").text
    assert f'href="/library/{artist["id"]}"' in grid and "Ed Sheeran" in grid
    assert '<option value="year"' not in grid  # artists have no year to sort by
    detail = music_web.get(f"/library/{artist['id']}")
    assert detail.status_code == 200
    assert "The A Team" in detail.text  # a track of "+"
    assert 'id="album-' in detail.text and "Interactive search" in detail.text
    assert music_web.get("/library/77").status_code == 404


def test_album_monitor_toggle_and_search(
    music: ManagerRig, music_web: httpx.Client, artist: dict[str, Any]
) -> None:
    with music.api() as api:
        album = api.get("/album", params={"artistId": artist["id"]}).json()[0]
        reply = music_web.post(
            f"/library/{artist['id']}/monitor",
            data={"scope": "album", "value": str(album["id"]), "monitored": "false"},
        )
        assert "message=Unmonitored" in reply.headers["location"]
        assert api.get(f"/album/{album['id']}").json()["monitored"] is False
        releases = music_web.get(
            f"/library/{artist['id']}/releases",
            params={"scope": "album", "value": str(album["id"])},
        )
        assert releases.status_code == 200 and album["title"] in releases.text
        other = music_web.get(
            f"/library/{artist['id']}/releases", params={"scope": "album", "value": "999"}
        )
        assert other.status_code == 404


def test_music_calendar_and_wanted(
    music: ManagerRig, music_web: httpx.Client, artist: dict[str, Any]
) -> None:
    with music.api() as api:
        albums = api.get("/album", params={"artistId": artist["id"]}).json()
    upcoming = next(a for a in albums if a["title"] == "Next")
    week = music_web.get("/calendar", params={"start": upcoming["releaseDate"][:10]}).text
    assert "Ed Sheeran" in week and "Next (Album)" in week
    missing = music_web.get("/wanted/missing").text
    assert "Ed Sheeran" in missing and "(Album)" in missing
    assert music_web.get("/wanted/cutoff").status_code == 200


def test_the_music_add_form_needs_a_root(music_web: httpx.Client, artist: dict[str, Any]) -> None:
    reply = music_web.post("/add", data={"foreignArtistId": ED_SHEERAN, "term": "x"})
    assert "error=Not+added" in reply.headers["location"]
