"""System in a real browser: a backup made and restored from the page, the restore staged
until the service restarts, and a change made after the backup gone afterwards; the
status page with its health messages and the log."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import httpx
from playwright.sync_api import expect

from mediastack.core.roles import Role
from tests.integration.tv.grab.conftest import with_fields
from tests.support.browser import browser_page
from tests.support.manager_pages import fits_a_phone, screenshots_dir, sign_in
from tests.support.manager_web import PASSWORD
from tests.support.services import clear_mediastack_env, free_port, running_service

AFTER_BACKUP = "{Series Title} {season:0}x{episode:00} made after the backup"


def test_backup_restored_at_the_next_start(tmp_path: Path) -> None:
    shots = screenshots_dir(tmp_path)
    data = tmp_path / "data"
    saved = clear_mediastack_env()
    try:
        with browser_page(viewport={"width": 1280, "height": 900}) as page:
            with running_service(Role.TV, data) as svc:
                svc.ctx.auth.set_password(PASSWORD)
                api = httpx.Client(base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key})
                before = api.get("/config/naming").json()["standardEpisodeFormat"]
                sign_in(page, svc.url)
                page.get_by_role("link", name="System").click()
                page.wait_for_url("**/system/status")
                page.get_by_role("link", name="Backup").click()
                page.get_by_role("button", name="Back up now").click()
                page.wait_for_url("**/system/backup?message=*")
                expect(page.get_by_role("status")).to_have_text("Backup made.")
                name = page.locator("table.backups td.name a").first.inner_text()

                # a change made after the backup, through the settings page
                page.goto(svc.url + "/settings/mediamanagement")
                page.get_by_label("Standard episode format").fill(AFTER_BACKUP)
                page.get_by_role("button", name="Save naming").click()
                page.wait_for_url("**message=Naming*")
                assert api.get("/config/naming").json()["standardEpisodeFormat"] == AFTER_BACKUP

                page.goto(svc.url + "/system/backup")
                page.on("dialog", lambda dialog: dialog.accept())  # "Restore ...? ... lost"
                page.get_by_role("button", name=f"Restore {name}").click()
                page.wait_for_url("**/system/backup?message=*")
                pending = page.locator(".staged")
                expect(pending).to_contain_text("Restore pending.")
                expect(pending).to_contain_text("applied when the service next starts")
                page.screenshot(path=str(shots / "manager-system-backup.png"), full_page=True)
                assert fits_a_phone(page), "the backup page scrolls sideways on a phone"
                # still running on the current data until the restart
                assert api.get("/config/naming").json()["standardEpisodeFormat"] == AFTER_BACKUP

            with running_service(Role.TV, data) as svc:  # the restart applies the restore
                api = httpx.Client(base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key})
                assert api.get("/config/naming").json()["standardEpisodeFormat"] == before
                sign_in(page, svc.url)  # the password came back with the configuration
                page.goto(svc.url + "/system/backup")
                expect(page.locator(".staged")).to_have_count(0)
                expect(page.get_by_role("link", name=name)).to_be_visible()
    finally:
        os.environ.update(saved)


def test_status_health_and_logs(tmp_path: Path) -> None:
    shots = screenshots_dir(tmp_path)
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.TV, tmp_path / "data") as svc,
            browser_page(viewport={"width": 1280, "height": 900}) as page,
        ):
            svc.ctx.auth.set_password(PASSWORD)
            api = httpx.Client(base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key})
            schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
            dead = with_fields(schema["Sabnzbd"], host="127.0.0.1", port=free_port(), apiKey="k")
            dead |= {"name": "Basement SABnzbd", "enable": True}
            api.post("/downloadclient", params={"forceSave": "true"}, json=dead)
            [problem, *_] = api.get("/health").json()
            logging.getLogger("mediastack.test").warning("Basement SABnzbd did not answer")
            for handler in logging.getLogger().handlers:
                handler.flush()
            sign_in(page, svc.url)
            page.goto(svc.url + "/system/status")
            expect(page.locator(".health")).to_contain_text(problem["message"])
            page.screenshot(path=str(shots / "manager-system-status.png"), full_page=True)

            page.get_by_role("link", name="Logs").click()
            page.get_by_label("Show").select_option("warn")
            page.get_by_role("button", name="Apply").click()
            page.wait_for_url("**/system/logs?level=warn")
            expect(page.locator(".log")).to_contain_text("Basement SABnzbd did not answer")
            levels = page.locator(".log .level").all_inner_texts()
            assert set(levels) <= {"warn", "error", "fatal"}
            page.get_by_label("Show").select_option("")
            page.get_by_role("button", name="Apply").click()
            page.wait_for_url("**/system/logs?level=")
            page.screenshot(path=str(shots / "manager-system-logs.png"))
    finally:
        os.environ.update(saved)
