"""Building the read models from libtorrent objects, in qBittorrent's units and semantics.

Everything libtorrent-shaped that :mod:`.models` needs is read here and nowhere else, so the
engine stays about behaviour and the quirks of the Python binding (``datetime`` vs int
timestamps, deprecated accessors, flag bits it does not export) live in one file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

import libtorrent as lt

from mediastack.torrent.engine.models import (
    ETA_INFINITY,
    PeerInfo,
    TorrentFile,
    TorrentInfo,
    TrackerInfo,
    TrackerStatus,
)
from mediastack.torrent.engine.placement import file_storage
from mediastack.torrent.engine.priorities import to_qbt_priority
from mediastack.torrent.engine.resume import TorrentMeta
from mediastack.torrent.engine.share_limits import EffectiveLimits, share_ratio
from mediastack.torrent.engine.state import LtState, StateFacts, TorrentState, map_state
from mediastack.torrent.engine.validation import info_hash_id

# peer_info flag bits (libtorrent/peer_info.hpp); the binding does not export all of them.
_PEER_INTERESTING = 1 << 0
_PEER_REMOTE_INTERESTED = 1 << 2
_PEER_OUTGOING = 1 << 5
_PEER_SEED = 1 << 10
_PEER_UTP_SOCKET = 1 << 17
_PEER_RC4 = 1 << 19


def unix_time(value: Any) -> int:
    """A binding timestamp (int seconds, ``datetime`` or None) as unix seconds, 0 = never."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return int(value)


def seconds(value: Any) -> int:
    """A binding duration (``timedelta`` or int seconds) as whole seconds."""
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds())
    return int(value or 0)


def info_hash_of(status: Any) -> str:
    return info_hash_id(status.info_hashes)


def content_path(save_path: str, paths: list[str]) -> str:
    """qBittorrent's ``content_path``: the single file, or the torrent's root folder."""
    if not paths:
        return ""
    first = paths[0]
    root = first.split("/", 1)[0]
    return os.path.join(save_path, first if "/" not in first else root)


@dataclass(slots=True)
class TorrentExtras:
    """What the engine knows about a torrent beyond its libtorrent status."""

    meta: TorrentMeta
    ti: Any | None  # libtorrent.torrent_info once metadata is known
    paths: list[str]  # current relative file paths (renames applied)
    error: str
    missing_files: bool
    trackers_count: int
    magnet_uri: str
    receiving: bool
    sending: bool
    dl_limit: int
    up_limit: int
    queueing_enabled: bool
    limits: EffectiveLimits


def state_facts(st: Any, extras: TorrentExtras) -> StateFacts:
    """The inputs of :func:`.state.map_state` from one status snapshot."""
    flags = int(st.flags)
    lt_error = st.errc.value() != 0 if st.errc is not None else False
    return StateFacts(
        lt_state=LtState(st.state.name),
        paused=bool(flags & lt.torrent_flags.paused),
        auto_managed=bool(flags & lt.torrent_flags.auto_managed),
        has_metadata=bool(st.has_metadata),
        is_finished=st.state.name in ("finished", "seeding")
        or (st.has_metadata and st.total_wanted > 0 and st.total_wanted_done >= st.total_wanted),
        queueing_enabled=extras.queueing_enabled,
        moving=bool(st.moving_storage),
        missing_files=extras.missing_files,
        has_error=bool(extras.error) or lt_error,
        download_rate=max(int(st.download_payload_rate), int(extras.receiving)),
        upload_rate=max(int(st.upload_payload_rate), int(extras.sending)),
    )


def _eta(st: Any, state: TorrentState, extras: TorrentExtras) -> int:
    """Seconds to completion, or to the share limit while seeding; ETA_INFINITY if unknown."""
    if state.is_stopped or state in (TorrentState.QUEUED_DL, TorrentState.QUEUED_UP):
        return ETA_INFINITY
    if state.is_complete:
        limits = extras.limits
        candidates: list[int] = []
        if limits.seeding_time >= 0:
            candidates.append(max(0, limits.seeding_time * 60 - seconds(st.seeding_duration)))
        if limits.ratio >= 0 and st.upload_payload_rate > 0:
            downloaded = max(int(st.all_time_download), int(st.total_done))
            missing = limits.ratio * downloaded - int(st.all_time_upload)
            candidates.append(max(0, int(missing / st.upload_payload_rate)))
        return min(candidates) if candidates else ETA_INFINITY
    left = int(st.total_wanted - st.total_wanted_done)
    rate = int(st.download_payload_rate)
    if rate <= 0:
        return ETA_INFINITY
    return min(ETA_INFINITY, left // rate)


def torrent_info(st: Any, extras: TorrentExtras) -> TorrentInfo:
    """One :class:`TorrentInfo` from a libtorrent status plus the engine's extras."""
    meta = extras.meta
    facts = state_facts(st, extras)
    state = map_state(facts)
    ti = extras.ti
    hashes = st.info_hashes
    flags = int(st.flags)
    ratio_now = share_ratio(int(st.all_time_upload), int(st.all_time_download), int(st.total_done))
    total_size = int(ti.total_size()) if ti is not None else 0
    wanted = int(st.total_wanted)
    done = int(st.total_wanted_done)
    last_active = max(unix_time(st.last_download), unix_time(st.last_upload))
    error = extras.error or (st.errc.message() if st.errc is not None and st.errc.value() else "")
    queue_position = int(st.queue_position)
    return TorrentInfo(
        hash=meta.info_hash,
        infohash_v1=str(hashes.v1) if hashes.has_v1() else "",
        infohash_v2=str(hashes.v2) if hashes.has_v2() else "",
        name=meta.display_name or (ti.name() if ti is not None else "") or meta.name,
        magnet_uri=extras.magnet_uri or meta.magnet_uri,
        state=state,
        error=error,
        size=wanted,
        total_size=total_size,
        progress=1.0 if facts.is_finished and wanted else float(st.progress),
        amount_left=max(0, wanted - done),
        completed=done,
        downloaded=int(st.all_time_download),
        uploaded=int(st.all_time_upload),
        downloaded_session=int(st.total_payload_download),
        uploaded_session=int(st.total_payload_upload),
        total_wasted=int(st.total_redundant_bytes + st.total_failed_bytes),
        ratio=round(ratio_now, 4),
        eta=_eta(st, state, extras),
        dlspeed=int(st.download_payload_rate),
        upspeed=int(st.upload_payload_rate),
        dl_limit=max(0, extras.dl_limit),
        up_limit=max(0, extras.up_limit),
        availability=float(st.distributed_copies),
        num_seeds=int(st.num_seeds),
        num_leechs=int(st.num_peers - st.num_seeds),
        num_complete=int(st.num_complete if st.num_complete >= 0 else st.list_seeds),
        num_incomplete=int(
            st.num_incomplete if st.num_incomplete >= 0 else st.list_peers - st.list_seeds
        ),
        nb_connections=int(st.num_connections),
        nb_connections_limit=int(st.connections_limit),
        added_on=meta.added_on,
        completion_on=unix_time(st.completed_time),
        last_activity=last_active or meta.added_on,
        seen_complete=unix_time(st.last_seen_complete),
        seeding_time=seconds(st.seeding_duration),
        time_active=seconds(st.active_duration),
        save_path=meta.save_path,
        download_path=meta.download_path,
        content_path=content_path(str(st.save_path), extras.paths),
        category=meta.category,
        tags=tuple(meta.tags),
        priority=queue_position + 1 if extras.queueing_enabled and queue_position >= 0 else 0,
        seq_dl=bool(flags & lt.torrent_flags.sequential_download),
        f_l_piece_prio=meta.first_last_piece_prio,
        force_start=not facts.paused and not facts.auto_managed,
        super_seeding=bool(flags & lt.torrent_flags.super_seeding),
        auto_tmm=False,
        ratio_limit=meta.ratio_limit,
        seeding_time_limit=meta.seeding_time_limit,
        max_ratio=extras.limits.ratio,
        max_seeding_time=extras.limits.seeding_time,
        tracker=str(st.current_tracker),
        trackers_count=extras.trackers_count,
        has_metadata=bool(st.has_metadata),
        comment=ti.comment() if ti is not None else "",
        created_by=ti.creator() if ti is not None else "",
        creation_date=int(ti.creation_date()) if ti is not None else 0,
        is_private=bool(ti.priv()) if ti is not None else False,
        piece_size=int(ti.piece_length()) if ti is not None else 0,
        pieces_num=int(ti.num_pieces()) if ti is not None else 0,
        pieces_have=int(st.num_pieces),
        reannounce=seconds(st.next_announce),
    )


def torrent_files(handle: Any, ti: Any, paths: list[str]) -> list[TorrentFile]:
    """``torrents/files`` for a torrent with metadata (BEP 47 pad files left out)."""
    fs = file_storage(ti)
    pad_flag = int(fs.flag_pad_file)
    piece_len = int(ti.piece_length())
    progress = handle.file_progress(flags=lt.torrent_handle.piece_granularity)
    priorities = handle.get_file_priorities()
    out: list[TorrentFile] = []
    for index in range(fs.num_files()):
        if int(fs.file_flags(index)) & pad_flag:
            continue
        size = int(fs.file_size(index))
        offset = int(fs.file_offset(index))
        first = offset // piece_len
        last = (offset + size - 1) // piece_len if size > 0 else first
        done = int(progress[index]) if index < len(progress) else 0
        frac = 1.0 if size == 0 else min(1.0, done / size)
        out.append(
            TorrentFile(
                index=index,
                name=paths[index],
                size=size,
                progress=frac,
                priority=to_qbt_priority(int(priorities[index])),
                is_seed=frac >= 1.0,
                piece_range=(first, last),
                availability=-1.0 if frac >= 1.0 else 0.0,
            )
        )
    return out


def tracker_status(entry: dict[str, Any]) -> TrackerStatus:
    endpoints = entry.get("endpoints") or []
    hashes = [ih for ep in endpoints for ih in (ep.get("info_hashes") or [])]
    if entry.get("updating") or any(ih.get("updating") for ih in hashes):
        return TrackerStatus.UPDATING
    if entry.get("verified") or any(ih.get("start_sent") and not ih.get("fails") for ih in hashes):
        return TrackerStatus.WORKING
    if entry.get("fails") or any(ih.get("fails") for ih in hashes):
        return TrackerStatus.NOT_WORKING
    return TrackerStatus.NOT_CONTACTED


def tracker_infos(entries: list[dict[str, Any]]) -> list[TrackerInfo]:
    """``torrents/trackers`` rows from ``torrent_handle.trackers()``."""
    out = []
    for entry in entries:
        out.append(
            TrackerInfo(
                url=str(entry.get("url", "")),
                status=tracker_status(entry),
                tier=int(entry.get("tier", 0)),
                num_peers=-1,
                num_seeds=int(entry.get("scrape_complete", -1)),
                num_leeches=int(entry.get("scrape_incomplete", -1)),
                num_downloaded=int(entry.get("scrape_downloaded", -1)),
                msg=str(entry.get("message", "")),
            )
        )
    return out


def peer_infos(peers: list[Any]) -> list[PeerInfo]:
    """``sync/torrentPeers`` rows from ``torrent_handle.get_peer_info()``."""
    out = []
    for p in peers:
        flags = int(p.flags)
        client = p.client.decode("utf-8", "replace") if isinstance(p.client, bytes) else p.client
        letters = "".join(
            letter
            for bit, letter in (
                (_PEER_INTERESTING, "D"),
                (_PEER_REMOTE_INTERESTED, "U"),
                (_PEER_OUTGOING, "O"),
                (_PEER_RC4, "E"),
                (_PEER_UTP_SOCKET, "P"),
            )
            if flags & bit
        )
        out.append(
            PeerInfo(
                ip=str(p.ip[0]),
                port=int(p.ip[1]),
                client=str(client),
                connection="uTP" if flags & _PEER_UTP_SOCKET else "BT",
                flags=letters,
                progress=float(p.progress),
                dl_speed=int(p.payload_down_speed),
                up_speed=int(p.payload_up_speed),
                downloaded=int(p.total_download),
                uploaded=int(p.total_upload),
                is_seed=bool(flags & _PEER_SEED),
            )
        )
    return out
