"""Stored client rows (the originals' field names) become configured providers."""

from __future__ import annotations

from mediastack.manager.download_clients.definitions import client_definitions
from mediastack.manager.download_clients.factory import create_provider
from mediastack.manager.download_clients.qbittorrent import QBittorrent
from mediastack.manager.download_clients.sabnzbd import Sabnzbd
from mediastack.manager.download_clients.store import DownloadClient


def _stored(implementation: str, settings: dict[str, object]) -> DownloadClient:
    definition = client_definitions("tvCategory")[implementation]
    defaults = {f.name: f.default for f in definition.fields}
    return DownloadClient(
        id=7,
        name=f"my {implementation}",
        definition=definition,
        enable=True,
        priority=1,
        remove_completed_downloads=True,
        remove_failed_downloads=True,
        settings={**defaults, **settings},
    )


def test_qbittorrent_row() -> None:
    row = _stored("QBittorrent", {"host": "qbittorrent", "tvCategory": "tv", "password": "pw"})
    provider = create_provider(row, "tvCategory")
    assert isinstance(provider, QBittorrent)
    assert provider.client_id == 7 and provider.name == "my QBittorrent"
    assert provider.category == "tv" and provider.protocol == "torrent"
    assert provider.settings.password.get_secret_value() == "pw"


def test_sabnzbd_row() -> None:
    row = _stored("Sabnzbd", {"host": "sabnzbd", "apiKey": "k" * 32, "tvCategory": "tv"})
    provider = create_provider(row, "tvCategory")
    assert isinstance(provider, Sabnzbd)
    assert provider.category == "tv" and provider.protocol == "usenet"
    assert provider.settings.api_key.get_secret_value() == "k" * 32
