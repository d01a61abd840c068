"""Every service starts for real and answers its original's status calls.

The status endpoints are read by clients we did not write: pyarr (Sonarr, Radarr, Lidarr),
qbittorrent-api, and aiosabnzbd (a SABnzbd client from PyPI).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from mediastack.core.roles import Role
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a-good-test-password"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Role, RunningService]]:
    saved = clear_mediastack_env()
    root = tmp_path_factory.mktemp("stack")
    from contextlib import ExitStack

    with ExitStack() as stack:
        running = {
            role: stack.enter_context(
                running_service(role, root, auth={"password": PASSWORD}, logging={"level": "debug"})
            )
            for role in Role
        }
        yield running
    import os

    os.environ.update(saved)


MANAGERS = [
    (Role.TV, "v3", "Sonarr", "4."),
    (Role.MOVIES, "v3", "Radarr", "5."),
    (Role.MUSIC, "v1", "Lidarr", "2."),
]


@pytest.mark.parametrize(("role", "api", "app_name", "major"), MANAGERS)
def test_manager_requires_the_api_key(
    services: dict[Role, RunningService], role: Role, api: str, app_name: str, major: str
) -> None:
    svc = services[role]
    url = f"{svc.url}/api/{api}/system/status"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"X-Api-Key": "0" * 32}).status_code == 401
    for kwargs in (
        {"headers": {"X-Api-Key": svc.api_key}},
        {"params": {"apikey": svc.api_key}},
        {"headers": {"Authorization": f"Bearer {svc.api_key}"}},
    ):
        response = httpx.get(url, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 200
        assert response.headers["X-Application-Version"].startswith(major)
        body = response.json()
        assert body["appName"] == app_name and body["version"].startswith(major)


@pytest.mark.parametrize(("role", "api", "app_name", "major"), MANAGERS)
def test_manager_compat_habits(
    services: dict[Role, RunningService], role: Role, api: str, app_name: str, major: str
) -> None:
    svc = services[role]
    ping = httpx.get(f"{svc.url}/ping")
    assert ping.status_code == 200 and ping.json() == {"status": "OK"}  # anonymous probe
    mixed = httpx.get(f"{svc.url}/api/{api}/System/Status", params={"apikey": svc.api_key})
    assert mixed.status_code == 200  # routes are case-insensitive
    unversioned = httpx.get(f"{svc.url}/api/system/status", params={"apikey": svc.api_key})
    assert unversioned.json()["version"].startswith(major)  # Bazarr's first probe
    missing = httpx.get(f"{svc.url}/api/{api}/downloadclient/999", params={"apikey": svc.api_key})
    assert missing.status_code == 404 and "message" in missing.json()


def test_pyarr_reads_system_status(services: dict[Role, RunningService]) -> None:
    from pyarr import LidarrAPI, RadarrAPI, SonarrAPI

    sonarr = SonarrAPI(services[Role.TV].url, services[Role.TV].api_key)
    radarr = RadarrAPI(services[Role.MOVIES].url, services[Role.MOVIES].api_key)
    lidarr = LidarrAPI(services[Role.MUSIC].url, services[Role.MUSIC].api_key)
    assert sonarr.get_system_status()["appName"] == "Sonarr"
    assert radarr.get_system_status()["appName"] == "Radarr"
    assert lidarr.get_system_status()["appName"] == "Lidarr"
    assert isinstance(sonarr.get_health(), list)
    assert sonarr.get_download_client() == []  # nothing provisioned in this stack


def test_pyarr_wrong_key_is_unauthorized(services: dict[Role, RunningService]) -> None:
    from pyarr import SonarrAPI
    from pyarr.exceptions import PyarrUnauthorizedError

    with pytest.raises(PyarrUnauthorizedError):
        SonarrAPI(services[Role.TV].url, "f" * 32).get_system_status()


def test_qbittorrent_api_logs_in_and_reads_versions(services: dict[Role, RunningService]) -> None:
    import qbittorrentapi

    svc = services[Role.TORRENT]
    assert httpx.get(f"{svc.url}/api/v2/app/version").status_code == 403  # as qBittorrent
    client = qbittorrentapi.Client(
        host=svc.url, username="admin", password=PASSWORD, REQUESTS_ARGS={"timeout": 10}
    )
    client.auth_log_in()
    assert client.app.version.startswith("v5.")
    assert client.app.web_api_version.startswith("2.11")
    assert client.torrents_info() == []
    bad = qbittorrentapi.Client(host=svc.url, username="admin", password="wrong")
    with pytest.raises(qbittorrentapi.LoginFailed):
        bad.auth_log_in()


def test_qbittorrent_login_throttling_bans(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    with running_service(
        Role.TORRENT, tmp_path, auth={"password": PASSWORD, "max_failures": 3}
    ) as svc:
        login = f"{svc.url}/api/v2/auth/login"
        for _ in range(3):
            answer = httpx.post(login, data={"username": "admin", "password": "nope"})
            assert answer.status_code == 200 and answer.text == "Fails."
        banned = httpx.post(login, data={"username": "admin", "password": PASSWORD})
        assert banned.status_code == 403 and "banned" in banned.text
    import os

    os.environ.update(saved)


def test_qbittorrent_refuses_cross_origin_login(services: dict[Role, RunningService]) -> None:
    svc = services[Role.TORRENT]
    answer = httpx.post(
        f"{svc.url}/api/v2/auth/login",
        data={"username": "admin", "password": PASSWORD},
        headers={"Origin": "http://evil.example"},
    )
    assert answer.status_code == 401
    good = httpx.post(
        f"{svc.url}/api/v2/auth/login", data={"username": "admin", "password": PASSWORD}
    )
    assert good.text == "Ok." and len(good.cookies["SID"]) == 32


def test_sabnzbd_client_reads_version_and_queue(services: dict[Role, RunningService]) -> None:
    from aiosabnzbd import SABnzbdClient, SABnzbdInvalidAPIKeyError

    svc = services[Role.USENET]

    async def talk() -> None:
        client = SABnzbdClient(url=svc.url, api_key=svc.api_key)
        try:
            assert (await client.version()).startswith("4.")
            queue = await client.queue()
            assert queue.slots == [] and queue.paused is False
            history = await client.history()
            assert history.slots == []
        finally:
            if client.session is not None:
                await client.session.close()
        wrong = SABnzbdClient(url=svc.url, api_key="0" * 32)
        try:
            with pytest.raises(SABnzbdInvalidAPIKeyError):
                await wrong.queue()
        finally:
            if wrong.session is not None:
                await wrong.session.close()

    asyncio.run(talk())


def test_sabnzbd_without_key(services: dict[Role, RunningService]) -> None:
    svc = services[Role.USENET]
    assert httpx.get(f"{svc.url}/api", params={"mode": "queue"}).text == "API Key Required"
    assert httpx.get(f"{svc.url}/api", params={"mode": "version"}).json() == {"version": "4.5.1"}


@pytest.mark.parametrize("role", list(Role))
def test_probes_and_metrics(services: dict[Role, RunningService], role: Role) -> None:
    svc = services[role]
    assert httpx.get(f"{svc.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{svc.url}/readyz")
    assert ready.status_code == 200, ready.text
    assert httpx.get(f"{svc.url}/metrics").status_code in (401, 403)
    metrics = httpx.get(f"{svc.url}/metrics", headers={"Authorization": f"Bearer {svc.api_key}"})
    assert metrics.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(metrics.text)}
    assert "mediastack_http_request_duration_seconds" in families
    assert "mediastack_download_queue_size" in families
    routes = {
        s.labels.get("route")
        for s in families["mediastack_http_requests"].samples
        if s.name == "mediastack_http_requests_total"
    }
    assert "/healthz" in routes


def test_readyz_reports_unwritable_storage(tmp_path: Path) -> None:
    import os
    import shutil

    saved = clear_mediastack_env()
    try:
        with running_service(Role.TV, tmp_path, auth={"password": PASSWORD}) as svc:
            media = svc.settings.media_dir
            assert httpx.get(f"{svc.url}/readyz").status_code == 200
            # A storage root that cannot be written (here: a file where the folder was;
            # permission bits would not stop root) makes the service unready.
            shutil.rmtree(media)
            media.write_text("not a folder")
            answer = httpx.get(f"{svc.url}/readyz")
            assert answer.status_code == 503
            assert any("storage" in k for k in answer.json()["problems"])
            media.unlink()
    finally:
        os.environ.update(saved)


def test_api_keys_never_reach_the_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import os

    saved = clear_mediastack_env()
    caplog.set_level("DEBUG")
    try:
        # One service per process, as deployed: logging is process-wide.
        with running_service(Role.TV, tmp_path, logging={"level": "debug"}) as svc:
            httpx.get(f"{svc.url}/api/v3/system/status", params={"apikey": svc.api_key})
            log_path = svc.settings.config_dir / "logs" / "sonarr.txt"
            # the access line is written once the response has gone out: wait for it
            deadline = time.monotonic() + 5
            while "/api/v3/system/status" not in (log_file := log_path.read_text()):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            assert "/api/v3/system/status" in log_file  # the request was logged ...
            ours = "\n".join(
                r.getMessage() for r in caplog.records if not r.name.startswith("httpcore")
            )
            assert svc.api_key not in ours  # ... without its key, by us or by httpx
            assert svc.api_key not in log_file
    finally:
        os.environ.update(saved)
