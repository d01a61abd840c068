"""Settings in a real browser: the naming example follows the format as it is typed, and
an indexer's Test button answers for a fake Newznab and for a dead port, in place."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.integration.tv.grab.conftest import INDEXER_KEY
from tests.support.browser import browser_page
from tests.support.manager_pages import fits_a_phone, screenshots_dir, sign_in
from tests.support.manager_web import tv_rig
from tests.support.services import free_port


def test_naming_example_follows_the_typed_format(tmp_path: Path) -> None:
    shots = screenshots_dir(tmp_path)
    with (
        tv_rig(tmp_path / "data") as rig,
        browser_page(viewport={"width": 1280, "height": 900}) as page,
    ):
        sign_in(page, rig.url)
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("link", name="Media management").click()
        page.wait_for_url("**/settings/mediamanagement")
        examples = page.locator("#naming-examples")
        expect(examples).to_contain_text("The Series Title's! - S01E01 - Episode Title (1)")
        page.evaluate("window.stillTheSamePage = true")

        page.get_by_label("Rename episodes").check()
        typed = page.get_by_label("Standard episode format")
        typed.fill("")
        typed.press_sequentially("{Series Title} {season:0}x{episode:00}")
        expect(examples).to_contain_text("The Series Title's! 1x01.mkv")
        typed.fill("{Series Title}")
        expect(examples.get_by_role("alert")).to_contain_text(
            "Must contain season and episode numbers OR Original Title"
        )
        typed.fill("{Series Title} - {season:0}x{episode:00} - {Episode Title}")
        expect(examples).to_contain_text("The Series Title's! - 1x01 - Episode Title (1).mkv")
        assert page.evaluate("window.stillTheSamePage") is True  # no reload while typing
        page.screenshot(path=str(shots / "manager-settings-naming.png"), full_page=True)

        page.get_by_role("button", name="Save naming").click()
        page.wait_for_url("**/settings/mediamanagement?message=*")
        expect(page.get_by_role("status")).to_have_text("Naming saved; new imports use it.")
        expect(page.get_by_label("Standard episode format")).to_have_value(
            "{Series Title} - {season:0}x{episode:00} - {Episode Title}"
        )
        assert fits_a_phone(page), "the naming form scrolls sideways on a phone"


def test_indexer_test_button_for_a_fake_newznab_and_a_dead_port(tmp_path: Path) -> None:
    with tv_rig(tmp_path / "data") as rig, browser_page() as page:
        with rig.api() as api:
            [wired] = api.get("/indexer").json()
        newznab_url = next(f["value"] for f in wired["fields"] if f["name"] == "baseUrl")
        sign_in(page, rig.url)
        page.goto(rig.url + "/settings/indexers")
        page.get_by_label("Add indexer").select_option("Newznab")
        page.get_by_role("button", name="Add", exact=True).click()
        page.wait_for_url("**/settings/indexers/new?implementation=Newznab")
        page.get_by_label("Name").fill("Typed Newznab")
        page.get_by_label("URL", exact=True).fill(newznab_url)
        page.get_by_label("API Key").fill(INDEXER_KEY)
        page.evaluate("window.stillTheSamePage = true")

        result = page.locator("#test-result")
        page.get_by_role("button", name="Test").click()
        expect(result.get_by_role("status")).to_have_text("Test passed: the indexer answered.")

        dead = f"http://127.0.0.1:{free_port()}"
        page.get_by_label("URL", exact=True).fill(dead)
        page.get_by_role("button", name="Test").focus()
        page.keyboard.press("Enter")  # the keyboard works as well as the mouse
        failure = result.get_by_role("alert")
        expect(failure).to_contain_text("Test failed:")
        expect(failure).to_contain_text(dead)  # the API's sentence says what it could not reach
        assert page.evaluate("window.stillTheSamePage") is True
        assert page.get_by_label("Name").input_value() == "Typed Newznab"  # nothing lost
