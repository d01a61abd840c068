"""Engine models -> qBittorrent WebAPI JSON, and qBittorrent's list filters.

The engine's models already carry qBittorrent's field names and units; this module only
chooses which fields each endpoint shows, applies the few per-endpoint conventions
(``properties`` says -1 where ``info`` says 0 for "no limit" and "never"), and spells
states. We report WebAPI 2.11, so states use qBittorrent 5's names (``stoppedUP``); the
``filter=`` parameter also accepts qBittorrent 4's names (``paused``, ``resumed``) because
older clients and dashboards still send them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from mediastack.torrent.engine import (
    Category,
    TorrentFile,
    TorrentInfo,
    TorrentState,
    TrackerInfo,
    TransferInfo,
)

Json = dict[str, Any]
T = TypeVar("T")

# ------------------------------------------------------------------ torrents/info


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, exactly as Starlette's ``JSONResponse`` renders it."""
    return json.dumps(
        value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


class RowEntry:
    """One snapshot's ``torrents/info`` row, as a dict (sorting, diffs) and as JSON.

    Serialising thousands of rows on every request cost more than everything else in
    ``torrents/info``; rows of unchanged torrents are now serialised once and answers are
    joined from the stored fragments. The ``sync/maindata`` form (without ``hash``, the
    hash being the key) is derived when needed rather than kept: it would double the
    memory per torrent. Rows are shared: never mutate one.
    """

    __slots__ = ("info", "json", "row")

    def __init__(self, info: TorrentInfo) -> None:
        self.info = info
        self.row = torrent_json(info)
        self.json = json_bytes(self.row)

    @property
    def sync_row(self) -> Json:
        return {k: v for k, v in self.row.items() if k != "hash"}

    @property
    def sync_json(self) -> bytes:
        """The JSON without its ``"hash"`` member (keys are written in a fixed order and a
        hash is plain hex, so the member is one exact, unique run of bytes)."""
        return self.json.replace(b'"hash":"%s",' % self.info.hash.encode(), b"", 1)


class RowCache:
    """Row entries by hash, reused while the engine hands out the same snapshot.

    The engine rebuilds a torrent's snapshot only when something about it changed, so with
    thousands of mostly idle torrents most entries are reused as they are.
    """

    def __init__(self) -> None:
        self._entries: dict[str, RowEntry] = {}

    def entry(self, t: TorrentInfo) -> RowEntry:
        cached = self._entries.get(t.hash)
        if cached is not None and cached.info is t:
            return cached
        entry = RowEntry(t)
        self._entries[t.hash] = entry
        return entry

    def row(self, t: TorrentInfo) -> Json:
        return self.entry(t).row

    def forget_missing(self, present: set[str]) -> None:
        for gone in self._entries.keys() - present:
            del self._entries[gone]


def json_array(fragments: Iterable[bytes]) -> bytes:
    """A JSON array from already-serialised elements."""
    return b"[" + b",".join(fragments) + b"]"


def torrent_json(t: TorrentInfo) -> Json:
    """One ``torrents/info`` entry: every 4.5 field plus the 5.x additions."""
    return {
        "added_on": t.added_on,
        "amount_left": t.amount_left,
        "auto_tmm": t.auto_tmm,
        "availability": t.availability,
        "category": t.category,
        "comment": t.comment,
        "completed": t.completed,
        "completion_on": t.completion_on,
        "content_path": t.content_path,
        "dl_limit": t.dl_limit,
        "dlspeed": t.dlspeed,
        "download_path": t.download_path,
        "downloaded": t.downloaded,
        "downloaded_session": t.downloaded_session,
        "eta": t.eta,
        "f_l_piece_prio": t.f_l_piece_prio,
        "force_start": t.force_start,
        "has_metadata": t.has_metadata,
        "hash": t.hash,
        "inactive_seeding_time_limit": -2,
        "infohash_v1": t.infohash_v1,
        "infohash_v2": t.infohash_v2,
        "last_activity": t.last_activity,
        "magnet_uri": t.magnet_uri,
        "max_inactive_seeding_time": -1,
        "max_ratio": t.max_ratio,
        "max_seeding_time": t.max_seeding_time,
        "name": t.name,
        "num_complete": t.num_complete,
        "num_incomplete": t.num_incomplete,
        "num_leechs": t.num_leechs,
        "num_seeds": t.num_seeds,
        "popularity": 0,
        "priority": t.priority,
        "private": t.is_private,
        "progress": t.progress,
        "ratio": t.ratio,
        "ratio_limit": t.ratio_limit,
        "reannounce": t.reannounce,
        "save_path": t.save_path,
        "seeding_time": t.seeding_time,
        "seeding_time_limit": t.seeding_time_limit,
        "seen_complete": t.seen_complete,
        "seq_dl": t.seq_dl,
        "size": t.size,
        "state": t.state.value,
        "super_seeding": t.super_seeding,
        "tags": t.tags_csv,
        "time_active": t.time_active,
        "total_size": t.total_size,
        "tracker": t.tracker,
        "trackers_count": t.trackers_count,
        "up_limit": t.up_limit,
        "uploaded": t.uploaded,
        "uploaded_session": t.uploaded_session,
        "upspeed": t.upspeed,
    }


def properties_json(t: TorrentInfo) -> Json:
    """``torrents/properties``: -1 for "never" and "no limit", as qBittorrent reports there."""
    return {
        "addition_date": t.added_on,
        "comment": t.comment,
        "completion_date": t.completion_on if t.completion_on > 0 else -1,
        "created_by": t.created_by,
        "creation_date": t.creation_date if t.creation_date > 0 else -1,
        "dl_limit": t.dl_limit if t.dl_limit > 0 else -1,
        "dl_speed": t.dlspeed,
        "dl_speed_avg": t.dl_speed_avg,
        "download_path": t.download_path,
        "eta": t.eta,
        "has_metadata": t.has_metadata,
        "hash": t.hash,
        "infohash_v1": t.infohash_v1,
        "infohash_v2": t.infohash_v2,
        "is_private": t.is_private,
        "last_seen": t.seen_complete if t.seen_complete > 0 else -1,
        "name": t.name,
        "nb_connections": t.nb_connections,
        "nb_connections_limit": t.nb_connections_limit,
        "peers": t.num_leechs,
        "peers_total": t.num_incomplete,
        "piece_size": t.piece_size,
        "pieces_have": t.pieces_have,
        "pieces_num": t.pieces_num,
        "popularity": 0,
        "private": t.is_private,
        "reannounce": t.reannounce,
        "save_path": t.save_path,
        "seeding_time": t.seeding_time,
        "seeds": t.num_seeds,
        "seeds_total": t.num_complete,
        "share_ratio": t.ratio,
        "time_elapsed": t.time_active,
        "total_downloaded": t.downloaded,
        "total_downloaded_session": t.downloaded_session,
        "total_size": t.total_size,
        "total_uploaded": t.uploaded,
        "total_uploaded_session": t.uploaded_session,
        "total_wasted": t.total_wasted,
        "up_limit": t.up_limit if t.up_limit > 0 else -1,
        "up_speed": t.upspeed,
        "up_speed_avg": t.up_speed_avg,
    }


def file_json(f: TorrentFile) -> Json:
    return {
        "availability": f.availability,
        "index": f.index,
        "is_seed": f.is_seed,
        "name": f.name,
        "piece_range": [f.piece_range[0], f.piece_range[1]],
        "priority": f.priority,
        "progress": f.progress,
        "size": f.size,
    }


def trackers_json(
    trackers: Iterable[TrackerInfo], *, dht: bool, pex: bool, lsd: bool
) -> list[Json]:
    """``torrents/trackers``: qBittorrent's three pseudo-trackers first, then the real ones."""
    out: list[Json] = []
    for url, on in (("** [DHT] **", dht), ("** [PeX] **", pex), ("** [LSD] **", lsd)):
        out.append(
            {
                "url": url,
                "status": 2 if on else 0,
                "tier": -1,
                "num_peers": 0,
                "num_seeds": 0,
                "num_leeches": 0,
                "num_downloaded": 0,
                "msg": "",
            }
        )
    for tr in trackers:
        out.append(
            {
                "url": tr.url,
                "status": int(tr.status),
                "tier": tr.tier,
                "num_peers": tr.num_peers,
                "num_seeds": tr.num_seeds,
                "num_leeches": tr.num_leeches,
                "num_downloaded": tr.num_downloaded,
                "msg": tr.msg,
            }
        )
    return out


def category_json(c: Category) -> Json:
    """``torrents/categories`` value: ``savePath`` as configured ("" = default folder)."""
    return {"name": c.name, "savePath": c.save_path}


def transfer_json(t: TransferInfo) -> Json:
    return {
        "connection_status": t.connection_status,
        "dht_nodes": t.dht_nodes,
        "dl_info_data": t.dl_info_data,
        "dl_info_speed": t.dl_info_speed,
        "dl_rate_limit": t.dl_rate_limit,
        "up_info_data": t.up_info_data,
        "up_info_speed": t.up_info_speed,
        "up_rate_limit": t.up_rate_limit,
    }


def server_state_json(t: TransferInfo) -> Json:
    """``sync/maindata``'s ``server_state``: transfer info plus qBittorrent's extra counters."""
    ratio = t.alltime_ul / t.alltime_dl if t.alltime_dl > 0 else 0.0
    return {
        **transfer_json(t),
        "alltime_dl": t.alltime_dl,
        "alltime_ul": t.alltime_ul,
        "average_time_queue": 0,
        "free_space_on_disk": t.free_space_on_disk,
        "global_ratio": f"{ratio:.2f}",
        "queued_io_jobs": 0,
        "queueing": t.queueing,
        "read_cache_hits": "0",
        "read_cache_overload": "0",
        "refresh_interval": 1500,
        "total_buffers_size": 0,
        "total_peer_connections": t.total_peer_connections,
        "total_queued_size": 0,
        "total_wasted_session": 0,
        "use_alt_speed_limits": t.use_alt_speed_limits,
        "write_cache_overload": "0",
    }


# ------------------------------------------------------------------ filters

_DOWNLOADING = frozenset(
    {
        TorrentState.DOWNLOADING,
        TorrentState.META_DL,
        TorrentState.FORCED_META_DL,
        TorrentState.STALLED_DL,
        TorrentState.CHECKING_DL,
        TorrentState.STOPPED_DL,
        TorrentState.QUEUED_DL,
        TorrentState.FORCED_DL,
    }
)
_SEEDING = frozenset(
    {
        TorrentState.UPLOADING,
        TorrentState.STALLED_UP,
        TorrentState.CHECKING_UP,
        TorrentState.QUEUED_UP,
        TorrentState.FORCED_UP,
    }
)
_CHECKING = frozenset(
    {TorrentState.CHECKING_DL, TorrentState.CHECKING_UP, TorrentState.CHECKING_RESUME_DATA}
)
_ERRORED = frozenset({TorrentState.ERROR, TorrentState.MISSING_FILES})


def _active(t: TorrentInfo) -> bool:
    return t.dlspeed > 0 or t.upspeed > 0 or t.state is TorrentState.MOVING


StateFilter = Callable[[TorrentInfo], bool]

_FILTERS: dict[str, StateFilter] = {
    "all": lambda t: True,
    "downloading": lambda t: t.state in _DOWNLOADING,
    "seeding": lambda t: t.state in _SEEDING,
    "completed": lambda t: t.state.is_complete,
    "stopped": lambda t: t.state.is_stopped,
    "running": lambda t: not t.state.is_stopped,
    "active": _active,
    "inactive": lambda t: not _active(t),
    "stalled": lambda t: t.state in (TorrentState.STALLED_UP, TorrentState.STALLED_DL),
    "stalled_uploading": lambda t: t.state is TorrentState.STALLED_UP,
    "stalled_downloading": lambda t: t.state is TorrentState.STALLED_DL,
    "checking": lambda t: t.state in _CHECKING,
    "moving": lambda t: t.state is TorrentState.MOVING,
    "errored": lambda t: t.state in _ERRORED,
}
# qBittorrent 4.x spellings (WebAPI < 2.11) of the same filters.
_FILTERS["paused"] = _FILTERS["stopped"]
_FILTERS["resumed"] = _FILTERS["running"]


def _nothing(t: TorrentInfo) -> bool:
    return False


def state_filter(name: str | None) -> StateFilter:
    """The predicate for ``filter=``; an unknown name selects nothing (qBittorrent 4.5.2
    answers ``[]`` for ``filter=bogus``)."""
    return _FILTERS.get((name or "all").strip().lower(), _nothing)


def _sort_key(field: str, row_of: Callable[[T], Json]) -> Callable[[T], tuple[int, Any]]:
    def key(item: T) -> tuple[int, Any]:
        value = row_of(item).get(field)
        if isinstance(value, bool | int | float):
            return (0, float(value))
        if isinstance(value, str):
            return (1, value.casefold())
        return (2, 0)

    return key


def _itself(item: Any) -> Json:
    row: Json = item
    return row


def sort_and_page(
    items: list[T],
    sort: str | None,
    reverse: bool,
    limit: int,
    offset: int,
    row_of: Callable[[T], Json] = _itself,
) -> list[T]:
    """``sort``/``reverse``/``limit``/``offset`` as qBittorrent applies them (negative offset
    counts from the end; an unknown sort field leaves the order alone). ``row_of`` gives
    the row an item is sorted by (the item itself for plain rows)."""
    if sort:
        items = sorted(items, key=_sort_key(sort, row_of), reverse=reverse)
    elif reverse:
        items = list(reversed(items))
    size = len(items)
    if offset < 0:
        offset = max(0, size + offset)
    items = items[offset:]
    if limit > 0:
        items = items[:limit]
    return items
