"""A backup restored through the API comes back after a restart."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

from mediastack.core.roles import Role
from tests.support.services import clear_mediastack_env, running_service


def test_backup_restore_round_trip(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.TV, tmp_path) as svc:
            api = httpx.Client(base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key})
            kept = api.post("/tag", json={"label": "keep-me"}).json()
            command = api.post("/command", json={"name": "Backup"}).json()
            for _ in range(200):
                if api.get(f"/command/{command['id']}").json()["status"] == "completed":
                    break
                time.sleep(0.05)
            backups = api.get("/system/backup").json()
            assert len(backups) == 1 and backups[0]["type"] == "manual"
            download = httpx.get(
                f"{svc.url}{backups[0]['path']}", headers={"X-Api-Key": svc.api_key}
            )
            assert download.status_code == 200 and download.content[:2] == b"PK"
            assert httpx.get(f"{svc.url}{backups[0]['path']}").status_code == 401

            api.delete(f"/tag/{kept['id']}")
            api.post("/tag", json={"label": "added-after"})
            answer = api.post(f"/system/backup/restore/{backups[0]['id']}")
            assert answer.json() == {"RestartRequired": True}
            assert [t["label"] for t in api.get("/tag").json()] == ["added-after"]

            evil = api.post(
                "/system/backup/restore/upload",
                files={"file": ("evil.zip", b"PK\x03\x04 not really", "application/zip")},
            )
            assert evil.status_code == 400 and "not a zip archive" in evil.text
        with running_service(Role.TV, tmp_path) as svc:  # the restart applies the restore
            labels = httpx.get(f"{svc.url}/api/v3/tag", headers={"X-Api-Key": svc.api_key}).json()
            assert [t["label"] for t in labels] == ["keep-me"]
    finally:
        os.environ.update(saved)
