"""The loaded torrents: records by id, the lock that guards them, persistence and listeners.

The registry is the engine's state; the engine (operations) and the alert handlers
(events) both work on it. Everything mutable in here is touched only under ``lock``, a
re-entrant lock held for dictionary work and short libtorrent calls, never across a wait
(``wait_resume`` waits on a condition that releases it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import libtorrent as lt

from mediastack.torrent.engine.errors import TorrentNotFoundError
from mediastack.torrent.engine.events import EngineEvent, EventKind, EventListener
from mediastack.torrent.engine.placement import current_paths
from mediastack.torrent.engine.resume import ResumeStore, TorrentMeta
from mediastack.torrent.engine.validation import info_hash_id

log = logging.getLogger(__name__)


_UNTRACKED = frozenset({"revision", "info_cache"})


@dataclass(slots=True)
class TorrentRecord:
    """What the engine holds for one loaded torrent.

    Assigning any field bumps :attr:`revision` (see ``__setattr__``); together with the
    meta's own revision it tells the engine whether the cached snapshot is still current.
    Mutable fields (``paths``) are replaced, never edited in place.
    """

    handle: Any  # libtorrent.torrent_handle
    meta: TorrentMeta
    status: Any  # last libtorrent.torrent_status (from a state_update_alert or a refresh)
    ti: Any | None = None  # libtorrent.torrent_info once metadata is known
    paths: list[str] = field(default_factory=list)  # file paths on disk, renames applied
    error: str = ""
    missing_files: bool = False
    trackers_count: int = 0
    dl_limit: int = 0
    up_limit: int = 0
    magnet_uri: str = ""
    # libtorrent file priorities as last set by us: libtorrent applies a change on its disk
    # thread and reports the previous ones until then (None: nothing set since the add).
    file_priorities: list[int] | None = None
    receiving: bool = False  # payload arrived between the last two statuses
    sending: bool = False
    # The last snapshot built for the API and the revisions it was built from (engine._info).
    info_cache: tuple[tuple[int, int, int], Any] | None = None
    revision: int = 0

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name not in _UNTRACKED:
            object.__setattr__(self, "revision", getattr(self, "revision", 0) + 1)

    def set_status(self, status: Any) -> None:
        """Take a new status and note whether payload moved since the previous one.

        libtorrent's rates are averaged over whole seconds and read 0 during a transfer's
        first second; the byte counters move at once, so they decide "downloading" vs
        "stalled" until the rate catches up.
        """
        previous = self.status
        self.receiving = status.total_payload_download > previous.total_payload_download
        self.sending = status.total_payload_upload > previous.total_payload_upload
        self.status = status

    def refresh(self) -> None:
        """Ask libtorrent for a fresh status (one round-trip to its network thread)."""
        self.set_status(self.handle.status())

    def refresh_files(self) -> None:
        """Re-read metadata, file paths and the magnet link (after add, metadata, rename)."""
        self.refresh_magnet()
        if self.ti is None and not self.status.has_metadata:
            return
        self.ti = self.handle.torrent_file()
        self.paths = current_paths(self.handle, self.ti)

    def priorities(self) -> list[int]:
        """The file priorities in force, counting changes libtorrent has not applied yet."""
        if self.file_priorities is not None:
            return list(self.file_priorities)
        return [int(p) for p in self.handle.get_file_priorities()]

    def refresh_magnet(self) -> None:
        """Cache the magnet link (name, hashes, trackers): reading it costs a round-trip."""
        try:
            self.magnet_uri = str(lt.make_magnet_uri(self.handle))
        except RuntimeError:
            self.magnet_uri = self.meta.magnet_uri


class TorrentRegistry:
    """Records by info-hash id, plus their resume folder and the engine's event listeners."""

    def __init__(self, store: ResumeStore) -> None:
        self.lock = threading.RLock()
        self.store = store
        self._records: dict[str, TorrentRecord] = {}
        self._awaiting_resume: set[str] = set()
        self._resume_done = threading.Condition(self.lock)
        # Replaced whole (never edited), so emit reads it without taking the lock.
        self._listeners: tuple[EventListener, ...] = ()

    # ------------------------------------------------------------------ lookup

    def __contains__(self, info_hash: str) -> bool:
        return info_hash.lower() in self._records

    def __len__(self) -> int:
        return len(self._records)

    def ids(self) -> list[str]:
        return list(self._records)

    def items(self) -> Iterator[tuple[str, TorrentRecord]]:
        return iter(list(self._records.items()))

    def get(self, info_hash: str) -> TorrentRecord | None:
        return self._records.get(info_hash.lower())

    def require(self, info_hash: str) -> TorrentRecord:
        record = self._records.get(info_hash.lower())
        if record is None:
            raise TorrentNotFoundError(info_hash)
        return record

    def select(self, hashes: Iterable[str]) -> list[tuple[str, TorrentRecord]]:
        """Records for the given ids; unknown ids are skipped (qBittorrent answers 200)."""
        found = []
        for info_hash in hashes:
            record = self._records.get(info_hash.lower())
            if record is not None:
                found.append((info_hash.lower(), record))
        return found

    def by_handle(self, handle: Any) -> tuple[str, TorrentRecord] | None:
        """The record an alert refers to (None for a torrent removed meanwhile)."""
        if not handle.is_valid():
            return None
        info_hash = info_hash_id(handle.info_hashes())
        record = self._records.get(info_hash)
        return (info_hash, record) if record is not None else None

    # ------------------------------------------------------------------ changes

    def add(self, info_hash: str, record: TorrentRecord) -> None:
        self._records[info_hash] = record

    def remove(self, info_hash: str) -> TorrentRecord | None:
        """Forget a torrent and its saved files; a later resume-data alert writes nothing."""
        record = self._records.pop(info_hash, None)
        if record is not None:
            self.store.remove(info_hash)
            self._awaiting_resume.discard(info_hash)
            self._resume_done.notify_all()
        return record

    def clear(self) -> None:
        self._records.clear()
        self._awaiting_resume.clear()

    def save_meta(self, record: TorrentRecord) -> None:
        self.store.write_meta(record.meta)

    # ------------------------------------------------------------------ resume data

    def resume_data_ready(self, info_hash: str, data: bytes) -> None:
        """Write a torrent's fastresume unless it was removed meanwhile (no resurrection).

        The write (with its fsync) happens outside the lock so API calls never wait on the
        disk; a removal that races with it is caught by the second check.
        """
        with self.lock:
            known = info_hash in self._records
        if known:
            self.store.write_fastresume(info_hash, data)
        with self.lock:
            if known and info_hash not in self._records:
                self.store.remove(info_hash)
            self._resume_settled(info_hash)

    def resume_data_failed(self, info_hash: str) -> None:
        with self.lock:
            self._resume_settled(info_hash)

    def _resume_settled(self, info_hash: str) -> None:
        self._awaiting_resume.discard(info_hash)
        self._resume_done.notify_all()

    def expect_resume(self, hashes: Iterable[str]) -> None:
        with self.lock:
            self._awaiting_resume = set(hashes)

    def wait_resume(self, timeout: float, keep_waiting: Callable[[], bool]) -> int:
        """Wait until every expected resume save settled; returns how many did not."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self._awaiting_resume and keep_waiting():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._resume_done.wait(min(left, 0.25))
            return len(self._awaiting_resume)

    # ------------------------------------------------------------------ listeners

    def subscribe(self, listener: EventListener) -> Callable[[], None]:
        with self.lock:
            self._listeners = (*self._listeners, listener)

        def unsubscribe() -> None:
            with self.lock:
                if listener in self._listeners:
                    kept = list(self._listeners)
                    kept.remove(listener)
                    self._listeners = tuple(kept)

        return unsubscribe

    def emit(self, kind: EventKind, info_hash: str, message: str = "") -> None:
        """Call every listener, without the lock (an add must not wait for the alert pump
        to let go of it just to announce itself); one failing listener does not stop others."""
        event = EngineEvent(kind, info_hash, message)
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:
                log.exception("engine listener failed on %s", event)
