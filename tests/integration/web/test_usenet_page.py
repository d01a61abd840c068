"""The usenet queue and history pages over real HTTP, against a real NNTP test server: add
an NZB by file or URL, watch it in the queue fragment, find it in history; refused NZBs;
pause, resume, delete; sign-in and same-origin rules."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from mediastack.usenet.queue.manager import QueueManager
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.support.fake_http import GetRequest, loopback_server
from tests.support.releases import Release, build_release, random_files
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a good password"
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE nzb [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<nzb><file subject="&c;"><segments><segment bytes="1" number="1">x@y</segment>
</segments></file></nzb>
"""


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {predicate}")
        time.sleep(0.05)


@pytest.fixture
def release(tmp_path: Path) -> Release:
    files = random_files(
        tmp_path / "source", {"clip.part1.bin": 300_000, "clip.part2.bin": 200_000}
    )
    return build_release(files, name="Clip.2026.1080p-GRP", part_size=32 * 1024)


@pytest.fixture
def nntp(release: Release) -> Iterator[ThreadedNntp]:
    server = ThreadedNntp(release.articles)
    yield server
    server.stop()


def start_usenet(tmp_path: Path, nntp_port: int | None) -> Any:
    servers = (
        [{"name": "test", "host": "127.0.0.1", "port": nntp_port, "ssl": False, "connections": 2}]
        if nntp_port
        else []
    )
    return running_service(
        Role.USENET, tmp_path / "data", service={"servers": servers, "min_free_space_mb": 0}
    )


@pytest.fixture
def usenet(tmp_path: Path, nntp: ThreadedNntp) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        with start_usenet(tmp_path, nntp.port) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            yield svc
    finally:
        os.environ.update(saved)


def manager_of(svc: RunningService) -> QueueManager:
    manager = svc.ctx.extras["usenet_queue"]
    assert isinstance(manager, QueueManager)
    return manager


def signed_in(svc: RunningService) -> httpx.Client:
    web = httpx.Client(base_url=svc.url, follow_redirects=False, timeout=20)
    reply = web.post("/login", data={"username": "admin", "password": PASSWORD})
    assert reply.status_code == 303
    return web


def landing(web: httpx.Client, reply: httpx.Response) -> str:
    assert reply.status_code == 303, reply.text
    return web.get(reply.headers["location"]).text


def add_nzb(web: httpx.Client, nzb: bytes, filename: str, category: str = "tv") -> httpx.Response:
    return web.post(
        "/queue/add",
        data={"category": category},
        files={"nzbfile": (filename, nzb, "application/x-nzb")},
    )


def test_added_nzb_shows_progress_then_lands_in_history(
    usenet: RunningService, release: Release
) -> None:
    web = signed_in(usenet)
    home = web.get("/").text
    assert 'href="/queue"' in home and 'href="/history"' in home
    page = web.get("/queue").text
    assert "The queue is empty." in page and 'data-poll="/queue/fragment"' in page
    assert '<option value="tv">tv</option>' in page

    added = add_nzb(web, release.nzb, "Clip.2026.1080p-GRP.nzb")
    assert "Added Clip.2026.1080p-GRP (tv)." in landing(web, added)
    manager = manager_of(usenet)
    [row] = manager.jobs.values()
    assert row.category == "tv"

    seen: set[int] = set()

    def finished() -> bool:
        fragment = web.get("/queue/fragment").text
        assert "<html" not in fragment
        seen.update(int(v) for v in re.findall(r'aria-valuenow="(\d+)"', fragment))
        return "Recently finished" in fragment and "Completed" in fragment

    wait_for(finished)
    assert 100 in seen  # the finished job is shown with a full bar
    history = web.get("/history").text
    assert "Clip.2026.1080p-GRP" in history and "Completed" in history
    assert 'data-poll="/history/fragment"' in history
    storage = Path(manager.jobs[row.nzo_id].storage or "")
    assert (storage / "clip.part1.bin").exists()

    removed = web.post(f"/history/{row.nzo_id}/delete", data={"delete_files": "on"})
    assert "Removed from history: Clip.2026.1080p-GRP" in landing(web, removed)
    assert row.nzo_id not in manager.jobs
    assert not storage.exists()


def test_refused_nzbs_show_an_error_and_change_nothing(usenet: RunningService) -> None:
    web = signed_in(usenet)
    for body, reason in [
        (b"this is not xml", "not well-formed"),
        (BOMB, "forbidden"),
        (b"<nzb></nzb>", "no files"),
    ]:
        page = landing(web, add_nzb(web, body, "bad.nzb"))
        assert 'role="alert"' in page and reason in page, page
        assert "Invalid NZB file bad.nzb" in page
    nothing = web.post("/queue/add", data={"category": "tv", "url": " "})
    assert "Choose an NZB file or enter its URL." in landing(web, nothing)
    assert manager_of(usenet).jobs == {}
    assert "The queue is empty." in web.get("/queue/fragment").text


def test_pause_resume_and_delete_jobs(tmp_path: Path, release: Release) -> None:
    """Without a server nothing downloads, so jobs stay in the queue for the actions."""
    saved = clear_mediastack_env()
    try:
        with start_usenet(tmp_path, None) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            web = signed_in(svc)
            manager = manager_of(svc)
            web.post("/queue/pause")
            assert manager.paused
            assert 'id="resume-all"' in web.get("/queue/fragment").text
            web.post("/queue/resume")
            assert not manager.paused

            add_nzb(web, release.nzb, "Clip.nzb", category="movies")
            [row] = manager.jobs.values()
            fragment = web.get("/queue/fragment").text
            assert 'role="progressbar"' in fragment and 'aria-valuenow="0"' in fragment
            assert "Category <b>movies</b>" in fragment

            paused = web.post(f"/queue/{row.nzo_id}/pause")
            assert "Paused: Clip" in landing(web, paused)
            assert manager.status_of(row) == "Paused"
            assert f'action="/queue/{row.nzo_id}/resume"' in web.get("/queue/fragment").text
            web.post(f"/queue/{row.nzo_id}/resume")
            assert manager.status_of(row) in ("Queued", "Downloading")
            deleted = web.post(f"/queue/{row.nzo_id}/delete")
            assert "Deleted: Clip" in landing(web, deleted)
            assert manager.jobs == {}
            again = web.post(f"/queue/{row.nzo_id}/delete")
            assert "no longer in the queue" in landing(web, again)
    finally:
        os.environ.update(saved)


def test_sign_in_and_same_origin_are_required(usenet: RunningService, release: Release) -> None:
    anonymous = httpx.Client(base_url=usenet.url, follow_redirects=False)
    for path in ("/queue", "/queue/fragment", "/history", "/history/fragment"):
        assert anonymous.get(path).headers["location"] == "/login"
    assert add_nzb(anonymous, release.nzb, "x.nzb").headers["location"] == "/login"
    assert anonymous.post("/queue/pause").headers["location"] == "/login"
    web = signed_in(usenet)
    evil = {"Origin": "http://evil.example"}
    forged = web.post(
        "/queue/add",
        headers=evil,
        files={"nzbfile": ("x.nzb", release.nzb, "application/x-nzb")},
    )
    assert forged.status_code == 403
    assert web.post("/queue/pause", headers=evil).status_code == 403
    manager = manager_of(usenet)
    assert manager.jobs == {} and not manager.paused


def test_add_by_url_with_a_priority(tmp_path: Path, release: Release) -> None:
    """The URL is fetched from a loopback HTTP server (an indexer on the same host), as
    ``addurl`` fetches it; a dead link or a file that is no NZB is refused with the reason."""
    saved = clear_mediastack_env()
    try:
        with start_usenet(tmp_path, None) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            web = signed_in(svc)
            manager = manager_of(svc)
            page = web.get("/queue").text
            assert 'name="url"' in page and '<option value="1">High</option>' in page

            def serve(request: GetRequest) -> tuple[int, bytes, dict[str, str]]:
                if request.path == "/getnzb/clip":
                    headers = {"Content-Disposition": 'attachment; filename="From.Url.nzb"'}
                    return 200, release.nzb, headers
                if request.path == "/getnzb/junk":
                    return 200, b"<html>login first</html>", {}
                return 404, b"", {}

            with loopback_server(serve) as base:
                added = web.post(
                    "/queue/add",
                    data={"url": f"{base}/getnzb/clip", "category": "movies", "priority": "1"},
                )
                assert "Added From.Url (movies)." in landing(web, added)
                dead = web.post("/queue/add", data={"url": f"{base}/gone", "category": "tv"})
                assert "URL fetch failed: HTTP 404" in landing(web, dead)
                junk = web.post("/queue/add", data={"url": f"{base}/getnzb/junk"})
                assert "Invalid NZB file" in landing(web, junk)
            odd = web.post("/queue/add", data={"url": f"{base}/getnzb/clip", "priority": "9"})
            assert "Choose one of the offered priorities." in landing(web, odd)
            not_http = web.post("/queue/add", data={"url": "file:///etc/passwd"})
            assert "Only http and https URLs can be fetched" in landing(web, not_http)
            [row] = manager.jobs.values()
            assert (row.name, row.category, row.priority) == ("From.Url", "movies", 1)
            assert row.url == f"{base}/getnzb/clip"
    finally:
        os.environ.update(saved)
