"""The managers' library pages in a real browser (Debian's Chromium, headless): adding a
series, a movie and an artist from the search page and finding them in the grid; an
interactive search showing the decision engine's reasons, a grab that lands in the queue
and the progress bar following the download without a reload; the grid by keyboard and on
a phone."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.tv.conftest import GOT_TVDB
from tests.support.browser import browser_page
from tests.support.manager_web import (
    MORE_SHOWS,
    ManagerRig,
    movies_rig,
    music_rig,
    sign_in,
    tv_rig,
)

PHONE = {"width": 390, "height": 844}


def add_from_search(page: Any, url: str, term: str, title: str, **choices: str) -> None:
    """Search on the add page and add the result titled ``title`` with ``choices``
    (select label -> option label), as a person would."""
    page.get_by_role("link", name="Add", exact=True).click()
    page.wait_for_url(url + "/add")
    page.get_by_label(re.compile("^Search for a")).fill(term)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/add\?term="))
    result = page.locator(".result", has=page.get_by_role("heading", name=re.compile(title)))
    toggle = result.get_by_text(f"Add {title}…")
    if result.locator("details[open]").count() == 0:
        toggle.click()
    for label, option in choices.items():
        result.get_by_label(label).select_option(label=option)
    result.get_by_role("button", name=f"Add {title}", exact=True).click()
    page.wait_for_url(re.compile(r".*/library/\d+\?message=Added"))
    assert page.get_by_role("status").inner_text() == f"Added {title}."
    assert page.get_by_role("heading", level=1).inner_text().startswith(title)


@pytest.fixture(scope="module")
def tv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerRig]:
    with tv_rig(tmp_path_factory.mktemp("tv-browser"), more_shows=True) as rig:
        yield rig


def test_add_a_series_from_the_search_page_and_see_it_in_the_grid(tv: ManagerRig) -> None:
    with browser_page() as page:
        sign_in(page, tv.url)
        add_from_search(
            page,
            tv.url,
            "game of thrones",
            "Game of Thrones",
            **{"Quality profile": "HD - 720p/1080p"},
        )
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
        card = page.locator(".poster-card", has_text="Game of Thrones")
        assert card.is_visible() and "2011" in card.inner_text()
        poster = card.locator("img.poster")
        poster.wait_for()
        assert poster.get_attribute("src").startswith("/MediaCover/")
        assert page.evaluate("(img) => img.naturalWidth", poster.element_handle()) == 200
    with tv.api() as api:
        [series] = api.get("/series").json()
    assert series["tvdbId"] == GOT_TVDB and series["qualityProfileId"] == 6


def test_interactive_search_shows_reasons_and_the_grab_lands_in_the_queue(
    tv: ManagerRig,
) -> None:
    with tv.api() as api:
        series = next(s for s in api.get("/series").json() if s["tvdbId"] == GOT_TVDB)
    assert tv.sab is not None
    with browser_page() as page:
        sign_in(page, tv.url)
        page.goto(f"{tv.url}/library/{series['id']}")
        page.get_by_text("Season 1", exact=True).click()  # a closed <details>
        page.get_by_role("link", name="Interactive search for S01E01").click()
        assert page.get_by_text("S01E01 · Winter is Coming").is_visible()
        table = page.locator("table.releases")
        table.wait_for()  # filled by app.js once the indexers answered
        rejected = page.locator("tr.release.rejected")
        assert rejected.count() == 1
        assert "Quality SDTV is not wanted in profile" in rejected.inner_text()
        assert page.locator("tr.release.approved").count() == 2

        page.get_by_role("button", name="Grab Game.of.Thrones.S01E01.720p.HDTV.x264-CTU").click()
        page.wait_for_url(re.compile(rf".*/library/{series['id']}\?message=Grabbed"))
        [job] = tv.sab.jobs.values()
        assert job.name.startswith("Game.of.Thrones.S01E01.720p")
        row = page.locator('tr[data-episode="S01E01"]')
        bar = row.get_by_role("progressbar")
        bar.wait_for(timeout=10_000)  # the queue shows it on the episode, without a reload
        assert bar.get_attribute("aria-valuenow") == "0"
        # the bar follows the download; a keyboard user on a button of the refreshed
        # list stays on it
        row.get_by_role("button", name="Search S01E01 automatically").focus()
        tv.sab.start_downloading(job.nzo_id, left=job.size // 4)
        page.wait_for_function(
            """() => document.querySelector('tr[data-episode="S01E01"] [role=progressbar]')
                   ?.getAttribute('aria-valuenow') === '75'""",
            timeout=15_000,
        )
        assert "Downloading" in row.inner_text()
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label == "Search S01E01 automatically"

        # the download finishes: the service imports it and the episode becomes available
        tv.sab.complete_dir = str(tv.svc.settings.downloads_dir / "usenet")
        storage = Path(tv.sab.complete(job.nzo_id))
        video = storage / f"{job.name}.mkv"
        video.parent.mkdir(parents=True, exist_ok=True)
        video.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 600)
        an_hour_ago = time.time() - 3600
        os.utime(video, (an_hour_ago, an_hour_ago))  # settled, not still being written
        page.wait_for_function(
            """() => document.querySelector('tr[data-episode="S01E01"] .status .badge.ok')
                   ?.textContent.includes('HDTV-720p')""",
            timeout=20_000,
        )
        assert row.get_by_role("progressbar").count() == 0


def test_grid_by_keyboard_and_on_a_phone(tv: ManagerRig) -> None:
    with tv.api() as api:
        root = api.get("/rootfolder").json()[0]["path"]
        for tvmaze_id, name, *_ in MORE_SHOWS[:-1]:  # the last stays to be added
            body = {"tvMazeId": tvmaze_id, "title": name, "qualityProfileId": 1}
            reply = api.post("/series", json={**body, "rootFolderPath": root})
            assert reply.status_code == 201, reply.text
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, tv.url)
        page.goto(tv.url + "/library")
        cards = page.locator(".poster-card")
        assert cards.count() == 5
        cards.first.focus()
        assert page.evaluate("document.activeElement.dataset.title") == "Andor Station"
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.dataset.title") == "Borgen Hall"
        page.keyboard.press("End")
        assert page.evaluate("document.activeElement.dataset.title") == "Game of Thrones"
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/library/\d+$"))
        assert page.get_by_role("heading", level=1).inner_text().startswith("Dune Runners")
        page.goto(tv.url + "/library?show=missing&sort=year")
        titles = page.locator(".poster-title").all_inner_texts()
        assert titles[0] == "Andor Station" and "Game of Thrones" in titles
        page.set_viewport_size(PHONE)
        for path in (
            "/library",
            "/library/1",
            "/add?term=echo+park",
            "/calendar",
            "/wanted/missing",
        ):
            page.goto(tv.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        page.goto(tv.url + "/library")
        boxes = page.locator(".poster-card").evaluate_all(
            "cards => cards.map(c => c.getBoundingClientRect().left)"
        )
        assert len(set(boxes)) >= 2, "the grid keeps at least two columns on a phone"
        page.keyboard.press("Tab")  # the skip link comes first, for keyboard users
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_add_a_movie_from_the_search_page(tmp_path: Path) -> None:
    with movies_rig(tmp_path) as movies, browser_page() as page:
        sign_in(page, movies.url)
        add_from_search(
            page,
            movies.url,
            "just streaming",
            "Just Streaming",
            **{"Minimum availability": "In cinemas", "Monitor": "Movie only"},
        )
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
        assert page.locator(".poster-card", has_text="Just Streaming").is_visible()
        with movies.api() as api:
            [movie] = api.get("/movie").json()
        assert movie["minimumAvailability"] == "inCinemas" and movie["monitored"] is True


def test_add_an_artist_from_the_search_page(tmp_path: Path) -> None:
    with music_rig(tmp_path) as music, browser_page() as page:
        sign_in(page, music.url)
        add_from_search(page, music.url, "ed sheeran", "Ed Sheeran", **{"Monitor": "Latest album"})
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
        assert page.locator(".poster-card", has_text="Ed Sheeran").is_visible()
        with music.api() as api:
            [artist] = api.get("/artist").json()
        assert artist["metadataProfileId"] == 1 and artist["monitored"] is True
