"""Screenshots of the managers' library pages with demo content, for the docs.

Run from the repository root: ``python scripts/manager_screenshots.py``. Starts the TV,
movie and music services on loopback in temporary folders with the test suite's fake
providers (TVmaze, TMDB, MusicBrainz, a Newznab indexer, a SABnzbd; nothing leaves the
machine), adds a few items, puts a file on disk, grabs a release and moves its download
along, then saves ``docs/screenshots/manager-*.png`` at 1280 px (and one at phone width).
Not a test: it only needs to produce pictures that show what the pages look like.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.integration.tv.conftest import GOT_TVDB  # noqa: E402
from tests.support.browser import browser_page  # noqa: E402
from tests.support.fake_musicbrainz import ED_SHEERAN  # noqa: E402
from tests.support.manager_web import (  # noqa: E402
    MORE_SHOWS,
    ManagerRig,
    movies_rig,
    music_rig,
    sign_in,
    tv_rig,
)

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
HD_PROFILE = 6


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {predicate}")


def shoot(page: Any, url: str, name: str, ready: str = "main") -> None:
    page.goto(url)
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(400)  # covers decoded
    page.screenshot(path=str(OUT / name), full_page=True)
    sys.stdout.write(f"{OUT / name}\n")


def idle(api: httpx.Client) -> bool:
    busy = [c for c in api.get("/command").json() if c["status"] in ("queued", "started")]
    return not busy


def tv_library(rig: ManagerRig) -> tuple[int, int]:
    """Game of Thrones (one file on disk) and four more series;
    the fifth made-up show stays out, to be found on the add page."""
    with rig.api() as api:
        root = api.get("/rootfolder").json()[0]["path"]
        got = api.post(
            "/series",
            json={"tvdbId": GOT_TVDB, "qualityProfileId": HD_PROFILE, "rootFolderPath": root},
        ).json()
        for tvmaze_id, name, *_ in MORE_SHOWS[:-1]:
            body = {"tvMazeId": tvmaze_id, "title": name, "qualityProfileId": 1}
            api.post("/series", json={**body, "rootFolderPath": root})
        wait_for(lambda: idle(api))
        season1 = Path(got["path"]) / "Season 01"
        season1.mkdir(parents=True, exist_ok=True)
        (season1 / "Game.of.Thrones.S01E03.720p.HDTV.x264-CTU.mkv").write_bytes(b"\0" * 4096)
        andor = next(s for s in api.get("/series").json() if s["title"] == "Andor Station")
        first = Path(andor["path"]) / "Season 01"
        first.mkdir(parents=True, exist_ok=True)
        (first / "Andor.Station.S01E01.1080p.WEB-DL.x264-GRP.mkv").write_bytes(b"\0" * 8192)
        for series_id in (got["id"], andor["id"]):
            api.post("/command", json={"name": "RescanSeries", "seriesId": series_id})
        wait_for(lambda: idle(api))
        episode = api.get("/episode", params={"seriesId": got["id"], "seasonNumber": 1}).json()[0]
    return int(got["id"]), int(episode["id"])


def tv_shots(tmp: Path) -> None:
    with tv_rig(tmp / "tv", more_shows=True) as rig:
        got, episode = tv_library(rig)
        with browser_page(viewport=VIEWPORT) as page:
            sign_in(page, rig.url)
            shoot(page, rig.url + "/library", "manager-library.png", ".posters")
            shoot(
                page,
                f"{rig.url}/library/{got}/releases?scope=episode&value={episode}",
                "manager-interactive-search.png",
                "table.releases",
            )
            grab = "Grab Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"
            page.get_by_role("button", name=grab).click()
            page.wait_for_url(f"{rig.url}/library/{got}?message=*")
            assert rig.sab is not None
            job = wait_for(lambda: next(iter(rig.sab.jobs.values()), None))  # type: ignore[union-attr]
            rig.sab.start_downloading(job.nzo_id, left=int(job.size * 0.38))
            page.wait_for_function(
                """() => Number(document
                    .querySelector('tr[data-episode="S01E01"] [role=progressbar]')
                    ?.getAttribute('aria-valuenow')) > 0"""
            )
            page.screenshot(path=str(OUT / "manager-detail.png"), full_page=True)
            sys.stdout.write(f"{OUT / 'manager-detail.png'}\n")
            shoot(page, rig.url + "/add?term=echo+park", "manager-add.png", ".results")
            shoot(page, rig.url + "/calendar", "manager-calendar.png", ".week")
            shoot(page, rig.url + "/wanted/missing", "manager-wanted.png", "table.wanted")
        with browser_page(viewport=PHONE) as page:
            sign_in(page, rig.url)
            shoot(page, rig.url + "/library", "manager-library-phone.png", ".posters")


def movie_and_music_shots(tmp: Path) -> None:
    with movies_rig(tmp / "movies") as rig, rig.api() as api:
        root = api.get("/rootfolder").json()[0]["path"]
        movie = api.post(
            "/movie", json={"tmdbId": 550, "qualityProfileId": 1, "rootFolderPath": root}
        ).json()
        wait_for(lambda: idle(api))
        with browser_page(viewport=VIEWPORT) as page:
            sign_in(page, rig.url)
            shoot(page, f"{rig.url}/library/{movie['id']}", "manager-movie-detail.png")
    with music_rig(tmp / "music") as rig, rig.api() as api:
        root = api.get("/rootfolder").json()[0]["path"]
        body = {
            "foreignArtistId": ED_SHEERAN,
            "qualityProfileId": 1,
            "metadataProfileId": 1,
            "rootFolderPath": root,
            "addOptions": {"monitor": "all"},
        }
        artist = api.post("/artist", json=body).json()
        wait_for(lambda: api.get("/album", params={"artistId": artist["id"]}).json())
        wait_for(lambda: idle(api))
        with browser_page(viewport=VIEWPORT) as page:
            sign_in(page, rig.url)
            shoot(page, f"{rig.url}/library/{artist['id']}", "manager-artist-detail.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mediastack-shots-") as raw:
        tmp = Path(raw)
        tv_shots(tmp)
        movie_and_music_shots(tmp)


if __name__ == "__main__":
    main()
