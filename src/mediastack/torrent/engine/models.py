"""Read models the engine hands out: plain frozen dataclasses in qBittorrent's units.

Field names are qBittorrent's WebAPI names, so the HTTP layer can serialise them with
``dataclasses.asdict`` and rename nothing: sizes in bytes, rates in bytes/s, times as unix
timestamps (0 or -1 = never, as qBittorrent reports them), durations in seconds, progress
0..1, ``eta`` in seconds with :data:`ETA_INFINITY` for "unknown". The models are snapshots:
built from the engine's cached libtorrent status, never live views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from mediastack.torrent.engine.settings import ShareLimitAction
from mediastack.torrent.engine.state import TorrentState, legacy_state_name

__all__ = [
    "ETA_INFINITY",
    "NO_LIMIT",
    "USE_GLOBAL",
    "Category",
    "FilePriority",
    "PeerInfo",
    "ShareLimits",
    "TorrentFile",
    "TorrentInfo",
    "TorrentState",
    "TrackerInfo",
    "TrackerStatus",
    "TransferInfo",
    "legacy_state_name",
]

ETA_INFINITY = 8_640_000
"""qBittorrent's "infinite" ETA (100 days, in seconds)."""

USE_GLOBAL = -2
"""Share-limit value meaning "inherit from the category, then the global setting"."""

NO_LIMIT = -1
"""Share-limit value meaning "no limit at all"."""


class FilePriority(int, Enum):
    """qBittorrent's file priorities (libtorrent priorities 0..7 with names)."""

    DO_NOT_DOWNLOAD = 0
    NORMAL = 1
    HIGH = 6
    MAXIMUM = 7


@dataclass(frozen=True, slots=True)
class ShareLimits:
    """Ratio / seeding-time limits of a torrent or category.

    ``ratio_limit`` is a ratio, ``seeding_time_limit`` minutes; :data:`USE_GLOBAL` (-2)
    inherits, :data:`NO_LIMIT` (-1) disables. ``action`` None inherits too.
    """

    ratio_limit: float = USE_GLOBAL
    seeding_time_limit: int = USE_GLOBAL
    action: ShareLimitAction | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A category: its name, the save path as configured ("" = default) and the resolved one."""

    name: str
    save_path: str
    resolved_save_path: str
    share_limits: ShareLimits = field(default_factory=ShareLimits)


@dataclass(frozen=True, slots=True)
class TorrentInfo:
    """One torrent, with every field ``torrents/info`` and ``torrents/properties`` report."""

    hash: str
    infohash_v1: str
    infohash_v2: str
    name: str
    magnet_uri: str
    state: TorrentState
    error: str
    # sizes and progress
    size: int  # bytes wanted (files not skipped)
    total_size: int
    progress: float
    amount_left: int
    completed: int
    downloaded: int
    uploaded: int
    downloaded_session: int
    uploaded_session: int
    total_wasted: int
    ratio: float
    eta: int
    dlspeed: int
    upspeed: int
    dl_limit: int
    up_limit: int
    availability: float
    # peers
    num_seeds: int
    num_leechs: int
    num_complete: int
    num_incomplete: int
    nb_connections: int
    nb_connections_limit: int
    # times
    added_on: int
    completion_on: int
    last_activity: int
    seen_complete: int
    seeding_time: int
    time_active: int
    # placement
    save_path: str
    download_path: str
    content_path: str
    category: str
    tags: tuple[str, ...]
    # behaviour
    priority: int  # queue position, 1-based; 0 when not queued (finished or queueing off)
    seq_dl: bool
    f_l_piece_prio: bool
    force_start: bool
    super_seeding: bool
    auto_tmm: bool
    # share limits: as set (-2 inherit / -1 none / value) and effective (-1 = none)
    ratio_limit: float
    seeding_time_limit: int
    max_ratio: float
    max_seeding_time: int
    # trackers
    tracker: str
    trackers_count: int
    # metadata (properties)
    has_metadata: bool
    comment: str
    created_by: str
    creation_date: int
    is_private: bool
    piece_size: int
    pieces_num: int
    pieces_have: int
    reannounce: int  # seconds to the next tracker announce

    @property
    def dl_speed_avg(self) -> int:
        """``torrents/properties``' average rate over the time the torrent was active."""
        return self.downloaded // self.time_active if self.time_active > 0 else 0

    @property
    def up_speed_avg(self) -> int:
        return self.uploaded // self.time_active if self.time_active > 0 else 0

    @property
    def state_legacy(self) -> str:
        """The state string for qBittorrent 4.x clients (pausedDL/pausedUP)."""
        return legacy_state_name(self.state)

    @property
    def tags_csv(self) -> str:
        """Tags joined the way ``torrents/info`` reports them ("a, b")."""
        return ", ".join(self.tags)


@dataclass(frozen=True, slots=True)
class TorrentFile:
    """One file of a torrent (``torrents/files``); ``name`` is relative, '/'-separated."""

    index: int
    name: str
    size: int
    progress: float
    priority: int
    is_seed: bool
    piece_range: tuple[int, int]
    availability: float


class TrackerStatus(int, Enum):
    """qBittorrent's tracker status numbers."""

    DISABLED = 0
    NOT_CONTACTED = 1
    WORKING = 2
    UPDATING = 3
    NOT_WORKING = 4


@dataclass(frozen=True, slots=True)
class TrackerInfo:
    """One tracker of a torrent (``torrents/trackers``)."""

    url: str
    status: TrackerStatus
    tier: int
    num_peers: int
    num_seeds: int
    num_leeches: int
    num_downloaded: int
    msg: str


@dataclass(frozen=True, slots=True)
class PeerInfo:
    """One connected peer (``sync/torrentPeers``)."""

    ip: str
    port: int
    client: str
    connection: str  # "BT" or "uTP"
    flags: str
    progress: float
    dl_speed: int
    up_speed: int
    downloaded: int
    uploaded: int
    is_seed: bool


@dataclass(frozen=True, slots=True)
class TransferInfo:
    """Session totals (``transfer/info`` and ``sync/maindata``'s ``server_state``).

    ``alltime_dl``/``alltime_ul`` sum the loaded torrents' all-time counters (qBittorrent
    keeps a separate persisted total that also counts removed torrents).
    """

    dl_info_speed: int
    dl_info_data: int
    up_info_speed: int
    up_info_data: int
    dl_rate_limit: int
    up_rate_limit: int
    dht_nodes: int
    connection_status: str  # "connected" | "firewalled" | "disconnected"
    listen_port: int
    total_peer_connections: int
    queueing: bool
    alltime_dl: int
    alltime_ul: int
    free_space_on_disk: int
    use_alt_speed_limits: bool = False
