"""SABnzbd (``/api?mode=``), the original and ours: settings, wire proxy, mapping to items."""

from mediastack.manager.download_clients.sabnzbd.client import Sabnzbd
from mediastack.manager.download_clients.sabnzbd.settings import SabnzbdSettings

__all__ = ["Sabnzbd", "SabnzbdSettings"]
