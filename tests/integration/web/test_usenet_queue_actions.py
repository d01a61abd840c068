"""The usenet queue's per-job buttons and the history's retry over real HTTP: priority,
category and order as SABnzbd's modes apply them, a failed job retried and completed
against a real NNTP server, and the same sign-in and same-origin rules for every one."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.integration.web.test_usenet_page import (
    PASSWORD,
    add_nzb,
    landing,
    manager_of,
    signed_in,
    start_usenet,
    wait_for,
)
from tests.support.releases import Release, build_release, random_files
from tests.support.services import RunningService, clear_mediastack_env, running_service


def small_release(root: Path, name: str) -> Release:
    files = random_files(root / name, {f"{name.lower()}.bin": 40_000}, seed=len(name))
    return build_release(files, name=name, part_size=32 * 1024)


@pytest.fixture
def idle(tmp_path: Path) -> Iterator[RunningService]:
    """A usenet service without servers: jobs stay in the queue for the buttons."""
    saved = clear_mediastack_env()
    try:
        with start_usenet(tmp_path, None) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            yield svc
    finally:
        os.environ.update(saved)


def queued_names(web: httpx.Client) -> list[str]:
    fragment = web.get("/queue/fragment").text.split("Recently finished")[0]
    return re.findall(r'<span class="name">([^<]+)</span>', fragment)


def test_priority_category_and_order(idle: RunningService, tmp_path: Path) -> None:
    web = signed_in(idle)
    manager = manager_of(idle)
    for name in ("First.Job", "Second.Job", "Third.Job"):
        add_nzb(web, small_release(tmp_path, name).nzb, f"{name}.nzb", category="tv")
    ids = {row.name: row.nzo_id for row in manager.queue()}
    assert queued_names(web) == ["First.Job", "Second.Job", "Third.Job"]
    fragment = web.get("/queue/fragment").text
    third = ids["Third.Job"]
    assert f'id="options-{third}"' in fragment
    assert f'id="prio-0-{third}" type="submit" class="secondary" aria-pressed="true"' in fragment
    assert re.search(rf'id="up-{ids["First.Job"]}"[^>]*disabled', fragment)
    assert re.search(rf'id="down-{third}"[^>]*disabled', fragment)

    raised = web.post(f"/queue/{third}/priority", data={"priority": "1"})
    assert "Third.Job: priority High, now #1." in landing(web, raised)
    assert queued_names(web) == ["Third.Job", "First.Job", "Second.Job"]
    assert manager.jobs[third].priority == 1
    assert f'id="prio-1-{third}" type="submit" class="secondary" aria-pressed="true"' in (
        web.get("/queue/fragment").text
    )

    down = web.post(f"/queue/{ids['First.Job']}/move", data={"direction": "down"})
    assert "First.Job is now #3 in the queue." in landing(web, down)
    assert queued_names(web) == ["Third.Job", "Second.Job", "First.Job"]
    # the queue's rule: a Normal job moved to the top stays behind the High one
    top = web.post(f"/queue/{ids['First.Job']}/move", data={"direction": "top"})
    assert "First.Job is now #2 in the queue." in landing(web, top)
    assert queued_names(web) == ["Third.Job", "First.Job", "Second.Job"]
    up = web.post(f"/queue/{ids['Second.Job']}/move", data={"direction": "up"})
    assert "Second.Job is now #2 in the queue." in landing(web, up)
    assert queued_names(web) == ["Third.Job", "Second.Job", "First.Job"]
    # and a High job moved to the bottom keeps its priority, so it stays first
    bottom = web.post(f"/queue/{third}/move", data={"direction": "bottom"})
    assert "Third.Job is now #1 in the queue." in landing(web, bottom)

    moved = web.post(f"/queue/{ids['Second.Job']}/category", data={"category": "movies"})
    assert "Second.Job: category movies." in landing(web, moved)
    assert manager.jobs[ids["Second.Job"]].category == "movies"
    default = web.post(f"/queue/{ids['Second.Job']}/category", data={"category": "*"})
    assert "Second.Job: category Default." in landing(web, default)

    for path, data, sentence in (
        (f"/queue/{third}/priority", {"priority": "7"}, "Choose Force, High, Normal or Low."),
        (f"/queue/{third}/priority", {"priority": "x"}, "Choose Force, High, Normal or Low."),
        (f"/queue/{third}/category", {"category": "nope"}, "That category does not exist."),
        (f"/queue/{third}/move", {"direction": "sideways"}, "Move a job up, down, to the top"),
        ("/queue/SABnzbd_nzo_gone/priority", {"priority": "1"}, "no longer in the queue"),
        ("/queue/SABnzbd_nzo_gone/move", {"direction": "up"}, "no longer in the queue"),
        ("/queue/SABnzbd_nzo_gone/category", {"category": "tv"}, "no longer in the queue"),
    ):
        assert sentence in landing(web, web.post(path, data=data)), path
    assert manager.jobs[third].priority == 1 and manager.jobs[third].category == "tv"


def test_failed_job_is_retried_from_history(tmp_path: Path) -> None:
    """Every data article is missing at first, so the job fails with its reason; once
    the server has them, Retry downloads it to the end."""
    release = small_release(tmp_path, "Retry.Me")
    server = ThreadedNntp(release.articles, missing=release.data_ids)
    saved = clear_mediastack_env()
    try:
        with start_usenet(tmp_path, server.port) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            web = signed_in(svc)
            manager = manager_of(svc)
            add_nzb(web, release.nzb, "Retry.Me.nzb")
            [row] = manager.jobs.values()
            wait_for(lambda: manager.status_of(manager.jobs[row.nzo_id]) == "Failed")
            history = web.get("/history/fragment").text
            message = manager.jobs[row.nzo_id].fail_message
            assert message and message in history
            assert f'id="retry-{row.nzo_id}"' in history
            assert f'id="retry-{row.nzo_id}"' in web.get("/queue/fragment").text  # recent

            server.server.missing.clear()
            retried = web.post(
                f"/history/{row.nzo_id}/retry", headers={"Referer": f"{svc.url}/history"}
            )
            assert retried.headers["location"] == "/queue?message=Retrying%3A+Retry.Me"
            wait_for(lambda: manager.status_of(manager.jobs[row.nzo_id]) == "Completed")
            assert f'id="retry-{row.nzo_id}"' not in web.get("/history/fragment").text
            again = web.post(f"/history/{row.nzo_id}/retry")
            assert "Retry.Me cannot be retried" in landing(web, again)
            assert "no longer in the history" in landing(
                web, web.post("/history/SABnzbd_nzo_gone/retry")
            )
    finally:
        server.stop()
        os.environ.update(saved)


def test_queue_and_history_buttons_need_sign_in_and_same_origin(
    idle: RunningService, tmp_path: Path
) -> None:
    web = signed_in(idle)
    manager = manager_of(idle)
    add_nzb(web, small_release(tmp_path, "Guarded.Job").nzb, "Guarded.Job.nzb")
    [row] = manager.jobs.values()
    anonymous = httpx.Client(base_url=idle.url, follow_redirects=False)
    evil = {"Origin": "http://evil.example"}
    posts = {
        f"/queue/{row.nzo_id}/priority": {"priority": "2"},
        f"/queue/{row.nzo_id}/category": {"category": "music"},
        f"/queue/{row.nzo_id}/move": {"direction": "top"},
        f"/queue/{row.nzo_id}/pause": {},
        f"/queue/{row.nzo_id}/delete": {},
        f"/history/{row.nzo_id}/retry": {},
        f"/history/{row.nzo_id}/delete": {},
    }
    for path, data in posts.items():
        assert anonymous.post(path, data=data).headers["location"] == "/login", path
        assert web.post(path, data=data, headers=evil).status_code == 403, path
    kept = manager.jobs[row.nzo_id]
    assert (kept.priority, kept.category, manager.status_of(kept)) == (0, "tv", "Queued")


def test_nav_lists_the_usenet_pages(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.USENET, tmp_path / "data") as svc:
            svc.ctx.auth.set_password(PASSWORD)
            home = signed_in(svc).get("/").text
            for href in ("/queue", "/history", "/servers", "/categories"):
                assert f'href="{href}"' in home
    finally:
        os.environ.update(saved)
