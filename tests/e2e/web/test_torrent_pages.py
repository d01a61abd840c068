"""The torrent pages in a real browser: adding by file, magnet and URL (a loopback HTTP
server serves the .torrent), the category and status filters, a torrent's page with its
files and trackers, pause, resume and delete there; and a preferences change kept across
a reload and seen by the WebAPI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.e2e.web.test_download_pages import PASSWORD, sign_in
from tests.integration.torrent.conftest import make_payload
from tests.integration.web.test_torrent_page import torrent
from tests.support.browser import browser_page
from tests.support.fake_http import GetRequest, loopback_server
from tests.support.services import RunningService

MAGNET = "c9e15763f722f23e98a29decdfae341b98d53056"


__all__ = ["torrent"]  # the fixture, imported for pytest


def add(page: Any, *, file: Path | None = None, links: str = "", category: str = "") -> str:
    """Fill the add form (opening it if folded) and return the flash sentence."""
    form = page.locator("details.add-card")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    if file is not None:
        page.get_by_label("Torrent files").set_input_files(str(file))
    page.get_by_label("Links").fill(links)
    page.get_by_label("Category", exact=False).first.fill(category)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url("**/torrents?*")
    return str(page.locator(".alert").inner_text())


def listed(page: Any) -> set[str]:
    return {str(n) for n in page.locator(".item a.name").all_inner_texts()}


def test_add_filter_detail_pause_resume_delete(torrent: RunningService, tmp_path: Path) -> None:
    engine = torrent.ctx.extras["torrent_api"].engine
    by_file = make_payload(tmp_path / "a", "From.File.Pack", [30_000, 50_000])
    by_url = make_payload(tmp_path / "b", "From.Url.bin", [40_000])
    (tmp_path / "From.File.torrent").write_bytes(by_file.torrent)

    def serve(request: GetRequest) -> tuple[int, bytes, dict[str, str]]:
        if request.path == "/dl/url.torrent":
            return 200, by_url.torrent, {"Content-Type": "application/x-bittorrent"}
        return 404, b"", {}

    with loopback_server(serve) as base, browser_page() as page:
        sign_in(page, torrent.url)
        page.get_by_role("link", name="Torrents").click()
        assert add(page, file=tmp_path / "From.File.torrent", category="tv") == "Added 1 torrent."
        magnet = f"magnet:?xt=urn:btih:{MAGNET}&dn=From.Magnet"
        assert add(page, links=magnet, category="movies") == "Added 1 torrent."
        assert add(page, links=f"{base}/dl/url.torrent", category="tv") == "Added 1 torrent."
        assert listed(page) == {"From.File.Pack", "From.Magnet", "From.Url.bin"}

        sidebar = page.get_by_role("navigation", name="Filters")
        sidebar.get_by_role("link", name="movies").click()
        page.wait_for_url("**category=c%3Amovies*")
        assert listed(page) == {"From.Magnet"}
        sidebar = page.get_by_role("navigation", name="Filters")
        sidebar.get_by_role("link", name="tv").click()
        page.wait_for_url("**category=c%3Atv*")
        assert listed(page) == {"From.File.Pack", "From.Url.bin"}
        engine.pause([by_url.info_hash])
        page.get_by_role("navigation", name="Filters").get_by_role("link", name="Paused").click()
        page.wait_for_url("**state=stopped*")
        page.locator(".item a.name", has_text="From.Url.bin").wait_for()  # the poll catches up
        assert listed(page) == {"From.Url.bin"}
        page.get_by_role("navigation", name="Filters").get_by_role("link", name="All").first.click()

        page.get_by_role("link", name="From.File.Pack").click()
        page.wait_for_url(f"**/torrents/{by_file.info_hash}")
        assert page.get_by_role("heading", level=1).inner_text() == "From.File.Pack"
        files = page.locator("#files tbody tr")
        assert files.count() == 2 and "From.File.Pack/part00.bin" in files.first.inner_text()
        page.get_by_label("Priority of From.File.Pack/part01.bin").select_option("Do not download")
        page.get_by_role("button", name="Save priorities").click()
        page.wait_for_url("**message=Changed*")
        assert [f.priority for f in engine.files(by_file.info_hash)] == [1, 0]
        page.get_by_label("Tracker URLs").fill("http://127.0.0.1:9/announce")
        page.get_by_role("button", name="Add trackers").click()
        page.wait_for_url("**message=Added*")
        trackers = page.locator("#trackers tbody")
        assert "** [DHT] **" in trackers.inner_text()
        assert "http://127.0.0.1:9/announce" in trackers.inner_text()

        page.get_by_role("button", name="Pause", exact=True).click()
        page.wait_for_url("**message=Paused*")
        page.locator("#general .badge", has_text="Paused").wait_for()
        page.get_by_role("button", name="Resume", exact=True).click()
        page.wait_for_url("**message=Resumed*")
        assert page.locator("#general .badge").inner_text() != "Paused"
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Delete", exact=True).click()
        page.wait_for_url("**/torrents?message=Deleted*")
        assert "From.File.Pack" not in listed(page)
        assert not engine.has_torrent(by_file.info_hash)


def test_preferences_are_kept_and_seen_by_the_api(torrent: RunningService) -> None:
    with browser_page() as page:
        sign_in(page, torrent.url)
        page.get_by_role("link", name="Preferences").click()
        page.wait_for_url(torrent.url + "/preferences")
        page.get_by_label("Download limit", exact=False).first.fill("300")
        page.get_by_label("Maximum active downloads").fill("6")
        page.get_by_label("Stop seeding when the ratio reaches a limit").check()
        page.get_by_label("Ratio", exact=True).fill("1.5")
        page.get_by_role("button", name="Save preferences").click()
        page.wait_for_url("**message=Preferences+saved.")
        page.reload()
        assert page.get_by_label("Download limit", exact=False).first.input_value() == "300"
        assert page.get_by_label("Maximum active downloads").input_value() == "6"
        assert page.get_by_label("Stop seeding when the ratio reaches a limit").is_checked()
        assert page.get_by_label("Ratio", exact=True).input_value() == "1.5"

        page.get_by_label("Name", exact=True).fill("anime")
        page.locator("#new-category-path").fill("japan")
        page.get_by_role("button", name="Add category").click()
        page.wait_for_url("**message=Category+anime+added.")
        assert page.get_by_role("button", name="Save category anime").is_visible()

    api = httpx.Client(base_url=torrent.url)
    api.post("/api/v2/auth/login", data={"username": "admin", "password": PASSWORD})
    prefs = api.get("/api/v2/app/preferences").json()
    assert prefs["dl_limit"] == 300 * 1024 and prefs["max_active_downloads"] == 6
    assert prefs["max_ratio_enabled"] is True and prefs["max_ratio"] == 1.5
    categories = api.get("/api/v2/torrents/categories").json()
    assert categories["anime"]["savePath"].endswith("/torrents/japan")
