"""Indexers of the manager engine: Newznab (Usenet) and Torznab (torrents).

Layers, each usable alone: ``models`` (what results look like), ``newznab``/``torznab``
(settings, wire client, parser, mapping per provider), ``search`` (criteria -> requests),
``rss`` (incremental sync with a cursor), ``status`` (back-off, spacing, API allowances),
``seeders`` (the minimum-seeders rule) and ``definitions`` (the API schema). Nothing here
stores indexers or serves HTTP; the manager's store and routes wire these together.
"""

from mediastack.manager.indexers.errors import (
    IndexerAuthError,
    IndexerConnectionError,
    IndexerDisabledError,
    IndexerError,
    IndexerHttpError,
    IndexerRateLimitedError,
    IndexerResponseError,
)
from mediastack.manager.indexers.models import (
    CapsCategory,
    DownloadProtocol,
    IndexerCapabilities,
    IndexerFlag,
    ReleaseInfo,
    SearchCapability,
)
from mediastack.manager.indexers.newznab.client import FeedPage, IndexerTestResult, NewznabClient
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.torznab.client import TorznabClient
from mediastack.manager.indexers.torznab.settings import SeedCriteria, TorznabSettings

__all__ = [
    "CapsCategory",
    "DownloadProtocol",
    "FeedPage",
    "IndexerAuthError",
    "IndexerCapabilities",
    "IndexerConnectionError",
    "IndexerDisabledError",
    "IndexerError",
    "IndexerFlag",
    "IndexerHttpError",
    "IndexerRateLimitedError",
    "IndexerResponseError",
    "IndexerTestResult",
    "NewznabClient",
    "NewznabSettings",
    "ReleaseInfo",
    "SearchCapability",
    "SeedCriteria",
    "TorznabClient",
    "TorznabSettings",
]
