"""The managers' Activity pages over real HTTP: queue, history and blocklist, with a real
grabbed download in a fake SABnzbd, plus sign-in and not-found behaviour."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.support.grab_rig import PUSHED, queue_rig
from tests.support.manager_pages import flash, manager_service


def progress(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'aria-valuenow="(\d+)"', html)]


@pytest.mark.parametrize("role", [Role.TV, Role.MOVIES, Role.MUSIC])
def test_activity_pages_need_a_login_and_render_for_every_manager(
    tmp_path: Path, role: Role
) -> None:
    with manager_service(role, tmp_path) as rig:
        stranger = httpx.Client(base_url=rig.url, follow_redirects=False, timeout=30)
        for path in (
            "/activity",
            "/activity/queue",
            "/activity/queue/live",
            "/activity/history",
            "/activity/blocklist",
        ):
            assert stranger.get(path).headers["location"] == "/login", path
        for path in ("/activity/queue/1/remove", "/activity/blocklist/1/remove"):
            assert stranger.post(path).headers["location"] == "/login", path
        web = rig.web()
        assert web.get("/activity").headers["location"] == "/activity/queue"
        for path in ("/activity/queue", "/activity/history", "/activity/blocklist"):
            page = web.get(path)
            assert page.status_code == 200, path
            assert 'aria-current="page">Activity' in page.text.replace("\n", "")
        assert web.get("/activity/history?page=abc&eventType=nonsense").status_code == 200
        # a queue item, event or entry that is not there
        assert web.post("/activity/queue/abc/remove").status_code == 404
        gone = web.post("/activity/blocklist/424242/remove")
        assert flash(gone).startswith("ERROR Not removed")


def test_queue_progress_remove_with_blocklist_and_unblock(tmp_path: Path) -> None:
    with queue_rig(tmp_path) as rig:
        job = rig.push()
        web = rig.rig.web()
        page = web.get("/activity/queue")
        assert page.status_code == 200
        assert "Game of Thrones" in page.text and "S01E01" in page.text and PUSHED in page.text
        assert progress(page.text) == [0]
        assert 'data-poll="/activity/queue/live?page=1"' in page.text

        rig.sab.start_downloading(job.nzo_id, left=job.size // 4)
        assert flash(web.post("/activity/queue/refresh")) == "Asked the download clients for news."
        live = web.get("/activity/queue/live")
        assert progress(live.text) == [75] and "<html" not in live.text

        history = web.get("/activity/history")
        assert "Grabbed" in history.text and PUSHED in history.text
        assert "Mark as failed" in history.text
        imported = web.get("/activity/history", params={"eventType": "downloadFolderImported"})
        assert PUSHED not in imported.text

        record_id = re.search(r'action="/activity/queue/(\d+)/remove"', live.text)
        assert record_id is not None
        removed = web.post(
            f"/activity/queue/{record_id.group(1)}/remove",
            data={"removeFromClient": "true", "blocklist": "true", "title": PUSHED},
        )
        assert flash(removed) == f"{PUSHED} was removed from the queue and blocklisted."
        assert job.nzo_id not in rig.sab.jobs  # removed from the download client too
        assert "Nothing is downloading" in web.get("/activity/queue/live").text

        blocklist = web.get("/activity/blocklist")
        assert PUSHED in blocklist.text
        entry = re.search(r'action="/activity/blocklist/(\d+)/remove"', blocklist.text)
        assert entry is not None
        unblocked = web.post(f"/activity/blocklist/{entry.group(1)}/remove")
        assert flash(unblocked) == "Removed from the blocklist; it may be grabbed again."
        assert "The blocklist is empty" in web.get("/activity/blocklist").text

        # the grab in the history marked as failed: blocklisted again
        history = web.get("/activity/history", params={"eventType": "grabbed"}).text
        grab = re.search(r'action="/activity/history/(\d+)/failed"', history)
        assert grab is not None
        failed = web.post(f"/activity/history/{grab.group(1)}/failed")
        assert flash(failed) == "Marked as failed; the release is blocklisted and searched again."
        assert PUSHED in web.get("/activity/blocklist").text
        assert flash(web.post("/activity/history/987654/failed")).startswith("ERROR Not marked")
