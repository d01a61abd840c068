"""A person's first visit to each service, in a real browser: setup, log out, log in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediastack.core.roles import Role
from tests.support.browser import browser_page
from tests.support.services import clear_mediastack_env, running_service

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.mark.parametrize("role", list(Role))
def test_setup_then_login(tmp_path: Path, role: Role) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(role, tmp_path) as svc, browser_page() as page:
            page.goto(svc.url + "/")
            assert page.url.endswith("/setup")
            page.get_by_label("User name").fill("owner")
            page.get_by_label("Password", exact=False).first.fill("a good password")
            page.get_by_label("Password again").fill("a good password")
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_url(svc.url + "/")
            assert page.get_by_role("heading", name="Status").is_visible()

            page.get_by_role("link", name="Log out").click()
            page.wait_for_url("**/login")
            page.get_by_label("User name").fill("owner")
            page.get_by_label("Password").fill("wrong password")
            page.get_by_role("button", name="Log in").click()
            assert page.get_by_role("alert").inner_text() == "Wrong user name or password."

            page.get_by_label("User name").fill("owner")
            page.get_by_label("Password").fill("a good password")
            page.keyboard.press("Enter")  # usable from the keyboard
            page.wait_for_url(svc.url + "/")
            page.get_by_role("link", name="Settings").click()
            key = page.get_by_label("API key")
            assert key.get_attribute("type") == "password"  # hidden until asked
            page.get_by_role("button", name="Show").click()
            assert key.input_value() == svc.api_key
    finally:
        os.environ.update(saved)


def test_settings_page_on_a_phone(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.TV, tmp_path) as svc,
            browser_page(viewport={"width": 390, "height": 844}) as page,
        ):
            svc.ctx.auth.set_password("a good password")
            page.goto(svc.url + "/login")
            page.get_by_label("User name").fill("admin")
            page.get_by_label("Password").fill("a good password")
            page.get_by_role("button", name="Log in").click()
            page.goto(svc.url + "/settings")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "the page scrolls sideways on a phone"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(tmp_path / "settings-phone.png"), full_page=True)
    finally:
        os.environ.update(saved)
