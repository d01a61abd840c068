"""The qBittorrent adapter against OUR torrent service (it speaks WebAPI v2 as qBittorrent 5).

The SID login, the 403 -> login dance, version detection choosing the qBittorrent 5
vocabulary (``stopped``, ``stop``/``start``), a wrong password, and the full connection
test the managers run before saving a client.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from mediastack.core.roles import Role
from mediastack.manager.download_clients.base import DownloadClientAuthenticationError
from mediastack.manager.download_clients.qbittorrent import QBittorrent, QBittorrentSettings
from mediastack.manager.download_clients.qbittorrent.proxy import API_STOPPED_NAMES
from mediastack.manager.download_clients.qbittorrent.settings import QBittorrentState
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a-good-test-password"


@pytest.fixture(scope="module")
def torrent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        root = tmp_path_factory.mktemp("torrent")
        with running_service(Role.TORRENT, root, auth={"password": PASSWORD}) as service:
            yield service
    finally:
        os.environ.update(saved)


def provider(service: RunningService, password: str = PASSWORD) -> QBittorrent:
    host, port = service.url.removeprefix("http://").rsplit(":", 1)
    settings = QBittorrentSettings(
        host=host,
        port=int(port),
        username="admin",
        password=SecretStr(password),
        category="tv",
        initial_state=QBittorrentState.STOP,
    )
    return QBittorrent(settings, client_id=1, name="mediastack torrent")


async def test_login_and_version_detection(torrent: RunningService) -> None:
    client = provider(torrent)
    try:
        assert await client.proxy.is_api_v2()
        version = await client.proxy.get_api_version()
        assert version >= API_STOPPED_NAMES  # qBittorrent 5 vocabulary
        assert client.proxy.add_form(version, category="tv") == {
            "category": "tv",
            "stopped": "true",
        }
        assert (await client.proxy.get_version()).startswith("5.")
        await client.proxy.get_torrents("tv")
    finally:
        await client.aclose()


async def test_wrong_password(torrent: RunningService) -> None:
    client = provider(torrent, password="not-the-password")
    try:
        with pytest.raises(DownloadClientAuthenticationError):
            await client.proxy.get_api_version()
    finally:
        await client.aclose()


async def test_connection_test_passes(torrent: RunningService) -> None:
    client = provider(torrent)
    try:
        assert await client.test() == []
    finally:
        await client.aclose()
