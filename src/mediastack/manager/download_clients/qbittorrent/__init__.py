"""qBittorrent (WebAPI v2), the original and ours: settings, wire proxy, mapping to items."""

from mediastack.manager.download_clients.qbittorrent.client import QBittorrent
from mediastack.manager.download_clients.qbittorrent.settings import QBittorrentSettings

__all__ = ["QBittorrent", "QBittorrentSettings"]
