"""qBittorrent 5.2's API keys: ``Authorization: Bearer``, rotate, delete, kept on restart."""

from __future__ import annotations

import stat
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import raw_client

StartService = Callable[..., AbstractContextManager[RunningService]]


def _bearer(service: RunningService, key: str, **headers: str) -> httpx.Client:
    return httpx.Client(
        base_url=service.url, timeout=20, headers={"Authorization": f"Bearer {key}", **headers}
    )


def test_api_key_logs_in_alone_and_rotates_deletes_and_persists(
    tmp_path: Path, start_service: StartService
) -> None:
    root = tmp_path / "data"
    with start_service(root) as service:
        cookie = raw_client(service.url)
        assert _bearer(service, "qbt_" + "a" * 28).get("/api/v2/app/version").status_code == 403
        key = cookie.post("/api/v2/app/rotateAPIKey").json()["apiKey"]
        assert key.startswith("qbt_") and len(key) == 32

        client = qbittorrentapi.Client(host=service.url, api_key=key)
        assert client.app_version().startswith("v5")
        assert client.torrents_info() == []

        with _bearer(service, key, Origin="http://elsewhere.example") as other_site:
            assert other_site.get("/api/v2/app/webapiVersion").status_code == 200
            login = other_site.post("/api/v2/auth/login", data={"username": "admin"})
            assert login.status_code == 403  # a key never opens a cookie session
        # a key is judged alone: a good cookie does not rescue a wrong key
        wrong = cookie.get("/api/v2/app/version", headers={"Authorization": "Bearer qbt_x"})
        assert wrong.status_code == 403

        newer = cookie.post("/api/v2/app/rotateAPIKey").json()["apiKey"]
        assert newer != key
        assert _bearer(service, key).get("/api/v2/app/version").status_code == 403
        saved = service.settings.config_dir / "preferences.json"
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600  # the key is a secret

    with start_service(root) as service:
        assert _bearer(service, newer).get("/api/v2/app/version").text.startswith("v5")
        assert raw_client(service.url).post("/api/v2/app/deleteAPIKey").status_code == 200
        assert _bearer(service, newer).get("/api/v2/app/version").status_code == 403
