"""The usenet pages in a real browser, against the loopback NNTP server: a job paused,
resumed and deleted; a failed job retried from the page until it completes; a server
added after its Test button answered in place (success, then a dead port); a category
added."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mediastack.core.roles import Role
from tests.e2e.web.test_download_pages import PASSWORD, sign_in
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.browser import browser_page
from tests.support.releases import Release, build_release, random_files
from tests.support.services import clear_mediastack_env, running_service


def release(root: Path, name: str) -> Release:
    files = random_files(root / name, {f"{name.lower()}.bin": 60_000}, seed=len(name))
    return build_release(files, name=name, part_size=32 * 1024)


@contextmanager
def usenet_in_browser(tmp_path: Path, server: ThreadedNntp) -> Iterator[tuple[Any, Any]]:
    """The service with ``server`` as its one server, and a signed-in page on its queue."""
    service = {
        "servers": [{"name": "t", "host": "127.0.0.1", "port": server.port, "ssl": False}],
        "min_free_space_mb": 0,
    }
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.USENET, tmp_path / "data", service=service) as svc,
            browser_page() as page,
        ):
            svc.ctx.auth.set_password(PASSWORD)
            sign_in(page, svc.url)
            page.goto(svc.url + "/queue")
            yield svc, page
    finally:
        server.stop()
        os.environ.update(saved)


def upload(page: Any, nzb: Path) -> None:
    page.get_by_label("NZB file").set_input_files(str(nzb))
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url("**/queue?message=*")


def test_pause_resume_prioritise_and_delete_a_job(tmp_path: Path) -> None:
    held = release(tmp_path, "Held.Job.2026")
    (tmp_path / f"{held.name}.nzb").write_bytes(held.nzb)
    with usenet_in_browser(tmp_path, ThreadedNntp(held.articles)) as (_svc, page):
        page.get_by_role("button", name="Pause all").click()  # keep the job in the queue
        page.wait_for_url("**message=Downloading+is+paused.")
        upload(page, tmp_path / f"{held.name}.nzb")
        item = page.locator(".item", has_text=held.name)
        item.get_by_role("button", name=f"Pause {held.name}").click()
        page.wait_for_url("**message=Paused*")
        assert item.locator(".badge").inner_text() == "Paused"
        item.get_by_role("button", name=f"Resume {held.name}").click()
        page.wait_for_url("**message=Resumed*")
        assert item.locator(".badge").inner_text() == "Queued"
        item.locator("summary", has_text="Priority and category").click()
        priority = item.get_by_role("group", name=f"Priority of {held.name}")
        priority.get_by_role("button", name="High").click()
        page.wait_for_url("**priority+High*")
        assert "Priority High" in item.inner_text()
        page.on("dialog", lambda dialog: dialog.accept())
        item.get_by_role("button", name=f"Delete {held.name}").click()
        page.wait_for_url("**message=Deleted*")
        assert page.get_by_text("The queue is empty.").is_visible()
        page.get_by_role("button", name="Resume all").click()
        page.wait_for_url("**message=Downloading+resumed.")


def test_a_failed_job_is_retried_from_the_page(tmp_path: Path) -> None:
    broken = release(tmp_path, "Broken.Job.2026")
    (tmp_path / f"{broken.name}.nzb").write_bytes(broken.nzb)
    server = ThreadedNntp(broken.articles, missing=broken.data_ids)
    with usenet_in_browser(tmp_path, server) as (_svc, page):
        upload(page, tmp_path / f"{broken.name}.nzb")
        failed = page.locator(".item", has_text=broken.name).filter(has_text="Failed")
        failed.wait_for(timeout=30_000)  # the poll shows it fail, no reload
        assert failed.locator(".fail").inner_text()
        server.server.missing.clear()
        failed.get_by_role("button", name=f"Retry {broken.name}").click()
        page.wait_for_url("**message=Retrying*")
        done = page.locator(".item", has_text=broken.name).filter(has_text="Completed")
        done.wait_for(timeout=30_000)


def test_server_test_button_and_category(tmp_path: Path) -> None:
    server = ThreadedNntp({}, username="reader", password="s3cret")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.USENET, tmp_path / "data", service={"servers": []}) as svc,
            browser_page() as page,
        ):
            svc.ctx.auth.set_password(PASSWORD)
            sign_in(page, svc.url)
            page.get_by_role("link", name="Servers").click()
            page.wait_for_url(svc.url + "/servers")
            page.evaluate("window.__sameDocument = true")
            form = page.locator("section", has_text="Add a server")
            form.get_by_label("Name", exact=True).fill("news")
            form.get_by_label("Host").fill("127.0.0.1")
            form.get_by_label("Port").fill(str(server.port))
            form.get_by_label("User name").fill("reader")
            form.get_by_label("Password").fill("s3cret")
            form.get_by_label("SSL/TLS").uncheck()
            form.get_by_role("button", name="Test server").click()
            result = form.locator("output")
            result.get_by_text("Connection successful!").wait_for()
            form.get_by_label("Port").fill(str(dead))
            form.get_by_role("button", name="Test server").click()
            result.get_by_text(f"cannot connect to 127.0.0.1:{dead}: Connection refused").wait_for()
            assert result.get_by_role("alert").is_visible()
            assert page.evaluate("window.__sameDocument") is True  # answered in place
            assert svc.ctx.extras["usenet_queue"].catalog.server("news") is None

            form.get_by_label("Port").fill(str(server.port))
            form.get_by_role("button", name="Add server").click()
            page.wait_for_url("**message=Server+news+added.")
            assert page.locator(".server-list summary", has_text="news").is_visible()
            assert svc.ctx.extras["usenet_queue"].catalog.server("news") is not None

            page.get_by_role("link", name="Categories").click()
            page.wait_for_url(svc.url + "/categories")
            add = page.locator("section", has_text="Add a category")
            add.get_by_label("Name", exact=True).fill("anime")
            add.get_by_label("Folder").fill("anime")
            add.get_by_label("Priority").select_option("High")
            add.get_by_role("button", name="Add category").click()
            page.wait_for_url("**message=Category+anime+added.")
            assert page.get_by_role("button", name="Save category anime").is_visible()
            anime = svc.ctx.extras["usenet_queue"].catalog.category("anime")
            assert anime is not None and anime.dir == "anime" and anime.priority == 1
    finally:
        server.stop()
        os.environ.update(saved)
