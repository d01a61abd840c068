"""Our torrent service on loopback for the WebAPI tests, plus logged-in clients.

The service runs in-process (``running_service``) with the engine sealed on loopback:
127.0.0.1, an ephemeral peer port, DHT/PeX/LSD/UPnP/NAT-PMP off, short housekeeping
intervals. The parent conftest provides payloads, the seeding peer and ``wait_for``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import qbittorrentapi

from mediastack.core.roles import Role
from tests.support.qbittorrent_nox import qbittorrent_nox, running_qbittorrent_nox
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a-good-test-password"

LOOPBACK: dict[str, Any] = {
    "listen_interface": "127.0.0.1",
    "listen_port": 0,
    "enable_dht": False,
    "enable_pex": False,
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
    "enable_incoming_utp": False,
    "enable_outgoing_utp": False,
    "status_interval": 0.2,
    "share_limit_interval": 0.5,
    "resume_save_interval": 1.0,
    "stop_timeout": 5.0,
}


@contextmanager
def torrent_service(root: Path, **service: Any) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        with running_service(
            Role.TORRENT, root, auth={"password": PASSWORD}, service={**LOOPBACK, **service}
        ) as running:
            yield running
    finally:
        os.environ.update(saved)


@pytest.fixture
def start_service() -> Callable[..., AbstractContextManager[RunningService]]:
    """``with start_service(root) as svc:`` (for restarts on the same data)."""
    return torrent_service


@pytest.fixture
def service(tmp_path: Path) -> Iterator[RunningService]:
    with torrent_service(tmp_path / "data") as running:
        yield running


def client_for(url: str) -> qbittorrentapi.Client:
    client = qbittorrentapi.Client(
        host=url, username="admin", password=PASSWORD, VERIFY_WEBUI_CERTIFICATE=False
    )
    client.auth_log_in()
    return client


@pytest.fixture
def qbt(service: RunningService) -> Iterator[qbittorrentapi.Client]:
    client = client_for(service.url)
    yield client
    client.auth_log_out()


def raw_client(url: str, username: str = "admin", password: str = PASSWORD) -> httpx.Client:
    """A plain HTTP client holding a SID cookie (for calls qbittorrent-api renames)."""
    client = httpx.Client(base_url=url, timeout=20)
    reply = client.post("/api/v2/auth/login", data={"username": username, "password": password})
    assert reply.text == "Ok.", reply.text
    return client


@pytest.fixture
def raw(service: RunningService) -> Iterator[httpx.Client]:
    client = raw_client(service.url)
    try:
        yield client
    finally:
        client.close()


def downloads(service: RunningService) -> Path:
    return service.settings.downloads_dir / "torrents"


@dataclass(frozen=True)
class Server:
    """Our service or a real qbittorrent-nox, for tests that must pass against both."""

    kind: str
    url: str
    username: str
    password: str


@pytest.fixture(params=["ours", "qbittorrent-nox"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    if request.param == "ours":
        with torrent_service(tmp_path / "data") as svc:
            yield Server("ours", svc.url, "admin", PASSWORD)
        return
    if qbittorrent_nox() is None:
        pytest.skip("qbittorrent-nox is not installed")
    with running_qbittorrent_nox(tmp_path / "nox") as nox:
        yield Server("qbittorrent-nox", nox.url, nox.username, nox.password)
