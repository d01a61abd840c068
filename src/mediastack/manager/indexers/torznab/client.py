"""The Torznab wire client: Newznab's, with torrent mapping and the torrent protocol."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from mediastack.manager.indexers.models import DownloadProtocol, ReleaseInfo
from mediastack.manager.indexers.newznab.client import NewznabClient
from mediastack.manager.indexers.newznab.parser import FeedItem
from mediastack.manager.indexers.torznab.mapping import to_torrent_release

__all__ = ["TorznabClient"]


class TorznabClient(NewznabClient):
    """A Torznab indexer (Jackett, Prowlarr, native trackers); settings: ``TorznabSettings``."""

    protocol: ClassVar[DownloadProtocol] = "torrent"

    def _map(self, item: FeedItem, fetched_at: datetime) -> ReleaseInfo | None:
        return to_torrent_release(
            item, indexer=self.name, indexer_id=self.indexer_id, fetched_at=fetched_at
        )
