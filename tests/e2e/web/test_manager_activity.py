"""Activity in a real browser: a download's progress bar moves as the download client
reports progress, without the page reloading."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.support.browser import browser_page
from tests.support.grab_rig import PUSHED, queue_rig
from tests.support.manager_pages import fits_a_phone, screenshots_dir, sign_in


def test_queue_progress_bar_moves_without_a_reload(tmp_path: Path) -> None:
    shots = screenshots_dir(tmp_path)
    with (
        queue_rig(tmp_path / "data") as rig,
        browser_page(viewport={"width": 1280, "height": 800}) as page,
    ):
        job = rig.push()
        rig.sab.start_downloading(job.nzo_id, left=job.size * 3 // 4)
        rig.push("Game.of.Thrones.S01E02.1080p.BluRay.x264-ROVERS")  # waits its turn
        sign_in(page, rig.tv.url)
        page.get_by_role("link", name="Activity").click()
        page.wait_for_url("**/activity/queue")
        bar = page.get_by_role("progressbar", name=f"Download of {PUSHED}")
        expect(bar).to_have_attribute("aria-valuenow", "25")
        row = page.locator(".item", has=bar)
        expect(row).to_contain_text("Game of Thrones · S01E01")
        page.evaluate("window.stillTheSamePage = true")

        rig.sab.start_downloading(job.nzo_id, left=job.size // 10)
        expect(bar).to_have_attribute("aria-valuenow", "90", timeout=12_000)
        assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded
        page.screenshot(path=str(shots / "manager-activity.png"), full_page=True)
        assert fits_a_phone(page), "the queue scrolls sideways on a phone"
