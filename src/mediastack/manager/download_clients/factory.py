"""Build the provider for a stored client definition (``store.DownloadClient``)."""

from __future__ import annotations

import httpx

from mediastack.manager.download_clients.base import DownloadClientProvider
from mediastack.manager.download_clients.qbittorrent import QBittorrent, QBittorrentSettings
from mediastack.manager.download_clients.remote_path_mapping import RemotePathMapper
from mediastack.manager.download_clients.sabnzbd import Sabnzbd, SabnzbdSettings
from mediastack.manager.download_clients.store import DownloadClient

PROVIDERS: dict[str, type[DownloadClientProvider]] = {
    QBittorrent.implementation: QBittorrent,
    Sabnzbd.implementation: Sabnzbd,
}


def create_provider(
    client: DownloadClient,
    category_field: str,
    *,
    mapper: RemotePathMapper | None = None,
    http: httpx.AsyncClient | None = None,
) -> DownloadClientProvider:
    """The provider for one stored client; the settings are read in the originals' names."""
    implementation = client.definition.implementation
    if implementation == QBittorrent.implementation:
        return QBittorrent(
            QBittorrentSettings.from_fields(client.settings, category_field),
            client_id=client.id,
            name=client.name,
            category_field=category_field,
            mapper=mapper,
            http=http,
        )
    if implementation == Sabnzbd.implementation:
        return Sabnzbd(
            SabnzbdSettings.from_fields(client.settings, category_field),
            client_id=client.id,
            name=client.name,
            category_field=category_field,
            mapper=mapper,
            http=http,
        )
    raise ValueError(f"unknown download client implementation {implementation!r}")
