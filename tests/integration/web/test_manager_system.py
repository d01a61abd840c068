"""The managers' System pages over real HTTP: status with health messages, scheduled tasks,
backups (make, restore staged, delete) and the log with its level filter."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.tv.grab.conftest import with_fields
from tests.support.manager_pages import flash, manager_service
from tests.support.services import free_port

PAGES = ("/system/status", "/system/tasks", "/system/backup", "/system/logs")


@pytest.mark.parametrize("role", [Role.TV, Role.MOVIES, Role.MUSIC])
def test_system_pages_need_a_login_and_render_for_every_manager(tmp_path: Path, role: Role) -> None:
    with manager_service(role, tmp_path) as rig:
        stranger = httpx.Client(base_url=rig.url, follow_redirects=False, timeout=30)
        for path in ("/system", *PAGES):
            assert stranger.get(path).headers["location"] == "/login", path
        for path in ("/system/backup", "/system/backup/1/restore", "/system/tasks/Backup/run"):
            assert stranger.post(path).headers["location"] == "/login", path
        web = rig.web()
        assert web.get("/system").headers["location"] == "/system/status"
        for path in PAGES:
            page = web.get(path)
            assert page.status_code == 200, path
            assert f'href="{path}" aria-current="page"' in page.text, path
        assert web.post("/system/backup/abc/restore").status_code == 404
        assert flash(web.post("/system/backup/12345/restore")).startswith("ERROR Not restored")
        assert flash(web.post("/system/tasks/NoSuchTask/run")).startswith("ERROR There is no")


def test_status_shows_every_health_message(tmp_path: Path) -> None:
    with manager_service(Role.TV, tmp_path) as rig, rig.api() as api:
        schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
        dead = with_fields(schema["Sabnzbd"], host="127.0.0.1", port=free_port(), apiKey="k")
        dead |= {"name": "Nowhere SAB", "enable": True}
        assert api.post("/downloadclient", params={"forceSave": "true"}, json=dead).is_success
        health = api.get("/health").json()
        assert health, "a dead download client is a health problem"
        page = rig.web().get("/system/status").text
        for item in health:
            assert html.escape(item["message"], quote=True) in page
            assert f'class="level-{item["type"]}"' in page
        assert "Disk space" in page and rig.svc.settings.config_dir.name in page


def test_tasks_run_now_and_show_in_recent_commands(tmp_path: Path) -> None:
    with manager_service(Role.MOVIES, tmp_path) as rig:
        web = rig.web()
        page = web.get("/system/tasks").text
        assert "Housekeeping" in page and 'action="/system/tasks/Housekeeping/run"' in page
        assert flash(web.post("/system/tasks/Housekeeping/run")) == "Housekeeping started."
        assert (
            "Housekeeping"
            in re.sub(r"\s+", " ", web.get("/system/tasks").text).split("Recent commands")[1]
        )


def test_backup_made_restored_as_staged_and_deleted(tmp_path: Path) -> None:
    with manager_service(Role.MUSIC, tmp_path) as rig:
        web = rig.web()
        assert "No backups yet" in web.get("/system/backup").text
        assert flash(web.post("/system/backup")) == "Backup made."
        page = web.get("/system/backup").text
        link = re.search(r'href="(/backup/manual/lidarr_backup_manual_[^"]+\.zip)"', page)
        assert link is not None
        download = web.get(link.group(1))
        assert download.status_code == 200 and download.content[:2] == b"PK"
        assert "Restore pending" not in page
        backup_id = re.search(r'action="/system/backup/(\d+)/restore"', page)
        assert backup_id is not None
        staged = flash(web.post(f"/system/backup/{backup_id.group(1)}/restore"))
        assert staged.startswith("The restore is staged: it is applied when the service next")
        assert "Restore pending" in web.get("/system/backup").text  # says so until then
        junk = web.post(
            "/system/backup/upload", files={"file": ("x.zip", b"no zip", "application/zip")}
        )
        assert flash(junk).startswith("ERROR Not restored: not a zip archive")
        none = web.post("/system/backup/upload", files={"file": ("", b"", "application/zip")})
        assert flash(none) == "ERROR Choose a backup file to restore."
        uploaded = web.post(
            "/system/backup/upload",
            files={"file": ("mine.zip", download.content, "application/zip")},
        )
        assert flash(uploaded) == staged
        deleted = web.post(f"/system/backup/{backup_id.group(1)}/delete")
        assert flash(deleted) == "Backup deleted."
        assert "No backups yet" in web.get("/system/backup").text


def test_logs_filter_by_level_and_link_the_files(tmp_path: Path) -> None:
    with manager_service(Role.TV, tmp_path) as rig:
        logging.getLogger("mediastack.test").warning("page warning %s", "w-1")
        logging.getLogger("mediastack.test").info("page info %s", "i-1")
        for handler in logging.getLogger().handlers:
            handler.flush()
        web = rig.web()
        everything = web.get("/system/logs").text
        assert "page warning w-1" in everything and "page info i-1" in everything
        warnings = web.get("/system/logs", params={"level": "warn"}).text
        assert "page warning w-1" in warnings and "page info i-1" not in warnings
        assert '<option value="warn" selected>' in warnings
        assert 'href="/api/v3/log/file/sonarr.txt"' in everything
        assert web.get("/api/v3/log/file/sonarr.txt").status_code == 200  # the session reads it
        assert web.get("/system/logs", params={"level": "bogus", "page": "x"}).status_code == 200
