"""The torrent engine: a libtorrent session with qBittorrent's semantics, no HTTP.

Start here: :class:`TorrentEngine` (operations), :class:`TorrentEngineSettings`
(configuration), :class:`AddTorrentOptions` (one add), and the read models in
:mod:`.models`. The WebAPI v2 layer is a translation over these names.
"""

from mediastack.torrent.engine.engine import TorrentEngine
from mediastack.torrent.engine.errors import (
    CategoryError,
    ConflictError,
    DuplicateTorrentError,
    EngineStateError,
    InvalidArgumentError,
    InvalidMagnetError,
    InvalidTorrentError,
    TagError,
    TorrentEngineError,
    TorrentNotFoundError,
)
from mediastack.torrent.engine.events import EngineEvent, EventKind
from mediastack.torrent.engine.models import (
    ETA_INFINITY,
    NO_LIMIT,
    USE_GLOBAL,
    Category,
    FilePriority,
    PeerInfo,
    ShareLimits,
    TorrentFile,
    TorrentInfo,
    TrackerInfo,
    TrackerStatus,
    TransferInfo,
)
from mediastack.torrent.engine.options import AddTorrentOptions
from mediastack.torrent.engine.settings import (
    ContentLayout,
    EncryptionMode,
    SchedulerDays,
    ShareLimitAction,
    TorrentEngineSettings,
)
from mediastack.torrent.engine.state import TorrentState, legacy_state_name

__all__ = [
    "ETA_INFINITY",
    "NO_LIMIT",
    "USE_GLOBAL",
    "AddTorrentOptions",
    "Category",
    "CategoryError",
    "ConflictError",
    "ContentLayout",
    "DuplicateTorrentError",
    "EncryptionMode",
    "EngineEvent",
    "EngineStateError",
    "EventKind",
    "FilePriority",
    "InvalidArgumentError",
    "InvalidMagnetError",
    "InvalidTorrentError",
    "PeerInfo",
    "SchedulerDays",
    "ShareLimitAction",
    "ShareLimits",
    "TagError",
    "TorrentEngine",
    "TorrentEngineError",
    "TorrentEngineSettings",
    "TorrentFile",
    "TorrentInfo",
    "TorrentNotFoundError",
    "TorrentState",
    "TrackerInfo",
    "TrackerStatus",
    "TransferInfo",
    "legacy_state_name",
]
