"""The download pages in a real browser: a torrent added through the form, paused and
deleted; an NZB uploaded and watched to completion by the polling fragment alone."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import libtorrent as lt

from mediastack.core.roles import Role
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.browser import browser_page
from tests.support.releases import build_release, random_files
from tests.support.services import clear_mediastack_env, running_service

PASSWORD = "a good password"


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def make_torrent_file(root: Path, name: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(os.urandom(96 * 1024))
    ct = lt.create_torrent(
        lt.list_files(str(root / name)), 16 * 1024, flags=lt.create_torrent.v1_only
    )
    lt.set_piece_hashes(ct, str(root))
    path = root / f"{name}.torrent"
    path.write_bytes(lt.bencode(ct.generate()))
    return path


def test_torrent_page_add_pause_delete(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    torrent_file = make_torrent_file(tmp_path / "src", "Browser.Test.bin")
    try:
        with running_service(Role.TORRENT, tmp_path / "data") as svc, browser_page() as page:
            svc.ctx.auth.set_password(PASSWORD)
            sign_in(page, svc.url)
            page.get_by_role("link", name="Torrents").click()
            page.wait_for_url(svc.url + "/torrents")
            assert page.get_by_text("No torrents yet").is_visible()

            page.get_by_label("Torrent files").set_input_files(str(torrent_file))
            page.get_by_label("Category", exact=False).first.fill("tv")
            page.get_by_role("button", name="Add", exact=True).click()
            page.wait_for_url("**/torrents?message=*")
            assert page.get_by_role("status").inner_text() == "Added 1 torrent."
            item = page.locator(".item", has_text="Browser.Test.bin")
            assert item.get_by_role("progressbar").is_visible()
            assert "tv" in item.inner_text()

            item.get_by_role("button", name="Pause Browser.Test.bin").click()
            page.wait_for_url("**message=Paused*")
            resume = page.get_by_role("button", name="Resume Browser.Test.bin")
            resume.wait_for()
            assert page.locator(".item .badge").inner_text() == "Paused"

            page.on("dialog", lambda dialog: dialog.accept())  # the "Delete ...?" question
            page.locator(".item").get_by_label("also delete files").check()
            page.get_by_role("button", name="Delete Browser.Test.bin").click()
            page.wait_for_url("**message=Deleted*")
            assert page.get_by_text("No torrents yet").is_visible()
            assert svc.ctx.extras["torrent_api"].engine.hashes() == []
    finally:
        os.environ.update(saved)


def test_usenet_page_upload_and_watch_it_finish(tmp_path: Path) -> None:
    files = random_files(tmp_path / "source", {"movie.part1.bin": 400_000})
    release = build_release(files, name="Browser.Movie.2026-GRP", part_size=32 * 1024)
    nzb = tmp_path / "Browser.Movie.2026-GRP.nzb"
    nzb.write_bytes(release.nzb)
    saved = clear_mediastack_env()
    # slow articles: the download takes a few polling rounds, so the bar is seen moving
    server = ThreadedNntp(release.articles, body_delay=0.25)
    try:
        service = {
            "servers": [
                {"name": "t", "host": "127.0.0.1", "port": server.port, "ssl": False,
                 "connections": 1, "pipelining": 1}
            ],
            "min_free_space_mb": 0,
        }  # fmt: skip
        with (
            running_service(Role.USENET, tmp_path / "data", service=service) as svc,
            browser_page() as page,
        ):
            svc.ctx.auth.set_password(PASSWORD)
            sign_in(page, svc.url)
            page.get_by_role("link", name="Queue").click()
            page.wait_for_url(svc.url + "/queue")

            page.get_by_label("NZB file").set_input_files(str(nzb))
            page.get_by_label("Category").select_option("movies")
            page.get_by_role("button", name="Add", exact=True).click()
            page.wait_for_url("**/queue?message=*")
            assert "Browser.Movie.2026-GRP" in page.get_by_role("status").inner_text()
            page.evaluate("window.__sameDocument = true")  # lost if the page reloads

            bar = page.get_by_role("progressbar", name="Progress of Browser.Movie.2026-GRP")
            bar.wait_for()
            values: set[int] = set()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                now = bar.get_attribute("aria-valuenow") if bar.count() else None
                if now is not None:
                    values.add(int(now))
                if (
                    page.locator(".item", has_text="Browser.Movie.2026-GRP")
                    .filter(has_text="Completed")
                    .count()
                ):
                    break
                page.wait_for_timeout(200)
            else:
                raise AssertionError(f"no completion seen; progress values {sorted(values)}")
            # the swap that showed "Completed" may have come after the last reading
            values.add(int(bar.get_attribute("aria-valuenow") or -1))
            assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
            assert page.get_by_text("Recently finished").is_visible()
            assert 100 in values and len(values) >= 2, sorted(values)

            page.get_by_role("link", name="History").first.click()
            page.wait_for_url(svc.url + "/history")
            entry = page.locator(".item", has_text="Browser.Movie.2026-GRP")
            assert "Completed" in entry.inner_text() and "movies" in entry.inner_text()
    finally:
        server.stop()
        os.environ.update(saved)
