"""What the engine does when libtorrent reports something about a torrent.

One method per alert type, all run on the pump thread (see :mod:`.alerts`), each holding
the registry lock only for its own record. Session-level alerts (listen sockets, stats)
are handled by :class:`.session_monitor.SessionMonitor`.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import libtorrent as lt

from mediastack.torrent.engine.errors import InvalidTorrentError
from mediastack.torrent.engine.events import EventKind
from mediastack.torrent.engine.placement import confine_files
from mediastack.torrent.engine.priorities import apply_first_last
from mediastack.torrent.engine.registry import TorrentRegistry
from mediastack.torrent.engine.snapshot import info_hash_of
from mediastack.torrent.engine.validation import check_info_names

log = logging.getLogger(__name__)

AlertHandler = Callable[[Any], None]


class TorrentAlertHandlers:
    """Torrent alerts -> registry updates, persistence and engine events.

    ``on_finished`` is the engine's hook run after a torrent completes (share limits).
    """

    def __init__(self, registry: TorrentRegistry, on_finished: Callable[[str], None]) -> None:
        self._registry = registry
        self._on_finished_hook = on_finished

    def table(self) -> dict[type, AlertHandler]:
        return {
            lt.state_update_alert: self.on_state_update,
            lt.save_resume_data_alert: self.on_resume_data,
            lt.save_resume_data_failed_alert: self.on_resume_failed,
            lt.torrent_finished_alert: self.on_finished,
            lt.metadata_received_alert: self.on_metadata,
            lt.torrent_error_alert: self.on_torrent_error,
            lt.file_error_alert: self.on_file_error,
            lt.storage_moved_alert: self.on_storage_moved,
            lt.storage_moved_failed_alert: self.on_storage_move_failed,
            lt.file_renamed_alert: self.on_file_renamed,
            lt.file_rename_failed_alert: self.on_file_rename_failed,
            lt.torrent_checked_alert: self.on_checked,
            lt.fastresume_rejected_alert: self.on_fastresume_rejected,
            lt.torrent_delete_failed_alert: self.on_delete_failed,
            lt.performance_alert: self.on_performance,
        }

    # ------------------------------------------------------------------ status, resume data

    def on_state_update(self, alert: Any) -> None:
        """The periodic status refresh: only torrents that changed are in the alert."""
        registry = self._registry
        with registry.lock:
            for status in alert.status:
                record = registry.get(info_hash_of(status))
                if record is not None:
                    record.set_status(status)

    def on_resume_data(self, alert: Any) -> None:
        data = lt.write_resume_data_buf(alert.params)
        self._registry.resume_data_ready(info_hash_of(alert.params), bytes(data))

    def on_resume_failed(self, alert: Any) -> None:
        log.debug("resume data not saved: %s", alert.message())
        with self._registry.lock:
            found = self._registry.by_handle(alert.handle)
            if found is not None:
                self._registry.resume_data_failed(found[0])

    # ------------------------------------------------------------------ life events

    def on_finished(self, alert: Any) -> None:
        """Move out of the incomplete folder, persist, tell listeners, check share limits."""
        registry = self._registry
        with registry.lock:
            found = registry.by_handle(alert.handle)
            if found is None:
                return
            info_hash, record = found
            record.refresh()
            meta = record.meta
            current = os.path.normpath(str(record.status.save_path))
            if meta.download_path and current != os.path.normpath(meta.save_path):
                record.handle.move_storage(meta.save_path, lt.move_flags_t.dont_replace)
                meta.download_path = ""
                registry.save_meta(record)
            record.handle.save_resume_data(0)
        registry.emit(EventKind.FINISHED, info_hash)
        self._on_finished_hook(info_hash)

    def on_metadata(self, alert: Any) -> None:
        """A magnet's metadata arrived: check its names like an uploaded .torrent, save it."""
        registry = self._registry
        with registry.lock:
            found = registry.by_handle(alert.handle)
            if found is None:
                return
            info_hash, record = found
            ti = record.handle.torrent_file()
            info_section = bytes(ti.info_section())
            try:
                decoded: Any = lt.bdecode(info_section)
                name = check_info_names(decoded)
                confine_files(Path(record.status.save_path), ti, {})
            except (InvalidTorrentError, RuntimeError) as exc:
                # Stop before any file is created; the user sees the reason as an error.
                record.handle.unset_flags(lt.torrent_flags.auto_managed)
                record.handle.pause()
                record.error = f"refused metadata: {exc}"
                record.refresh()
                message = record.error
            else:
                record.meta.name = name
                record.meta.magnet_uri = ""
                record.refresh()
                record.refresh_files()
                registry.store.write_torrent(info_hash, b"d4:info" + info_section + b"e")
                registry.save_meta(record)
                if record.meta.first_last_piece_prio:
                    apply_first_last(record.handle, ti, True, record.priorities())
                record.handle.save_resume_data(0)
                message = ""
        if message:
            registry.emit(EventKind.ERROR, info_hash, message)
        else:
            registry.emit(EventKind.METADATA_RECEIVED, info_hash)

    def on_checked(self, alert: Any) -> None:
        # Checking changes pieces and state, never paths or metadata: skip re-reading
        # those (each is a round-trip to libtorrent under the lock adds also need).
        self._refresh_and_save(alert.handle, files=False)

    def on_storage_moved(self, alert: Any) -> None:
        info_hash = self._refresh_and_save(alert.handle)
        if info_hash:
            self._registry.emit(EventKind.MOVED, info_hash)

    def on_file_renamed(self, alert: Any) -> None:
        self._refresh_and_save(alert.handle)

    def _refresh_and_save(self, handle: Any, *, files: bool = True) -> str:
        with self._registry.lock:
            found = self._registry.by_handle(handle)
            if found is None:
                return ""
            info_hash, record = found
            record.refresh()
            if files:
                record.refresh_files()
            record.handle.save_resume_data(0)
            return info_hash

    # ------------------------------------------------------------------ errors

    def on_torrent_error(self, alert: Any) -> None:
        self._record_error(alert.handle, alert.message(), missing=False)

    def on_file_error(self, alert: Any) -> None:
        self._record_error(alert.handle, alert.message(), missing=_is_enoent(alert.error))

    def on_storage_move_failed(self, alert: Any) -> None:
        self._record_error(alert.handle, alert.message(), missing=False)

    def on_fastresume_rejected(self, alert: Any) -> None:
        """Data gone or changed under a saved torrent: stop it and report missingFiles.

        libtorrent would otherwise recheck and silently download a finished torrent again
        from zero (qBittorrent stops it the same way); the user resumes or rechecks it once
        the files are back, or deletes it.
        """
        if not _is_missing_data(alert.error):
            log.warning("resume data rejected, torrent will be rechecked: %s", alert.message())
            return
        log.warning("files of a saved torrent are missing: %s", alert.message())
        with self._registry.lock:
            found = self._registry.by_handle(alert.handle)
            if found is not None:
                found[1].handle.unset_flags(lt.torrent_flags.auto_managed)
                found[1].handle.pause()
        self._record_error(alert.handle, alert.message(), missing=True)

    def _record_error(self, handle: Any, message: str, *, missing: bool) -> None:
        with self._registry.lock:
            found = self._registry.by_handle(handle)
            if found is None:
                return
            info_hash, record = found
            record.error = message
            record.missing_files = missing
            record.refresh()
        self._registry.emit(EventKind.ERROR, info_hash, message)

    def on_file_rename_failed(self, alert: Any) -> None:
        log.warning("rename failed: %s", alert.message())

    def on_delete_failed(self, alert: Any) -> None:
        log.error("deleting files failed: %s", alert.message())

    def on_performance(self, alert: Any) -> None:
        log.debug("libtorrent performance warning: %s", alert.message())


_LT_MISMATCHING_FILE_SIZE = 134  # libtorrent::errors::mismatching_file_size (not exported)


def _is_enoent(error: Any) -> bool:
    return error is not None and int(error.value()) == errno.ENOENT


def _is_missing_data(error: Any) -> bool:
    """A file error meaning "the data is not where the resume data says it is"."""
    if error is None:
        return False
    if error.category().name() == "libtorrent":
        return int(error.value()) == _LT_MISMATCHING_FILE_SIZE
    return int(error.value()) == errno.ENOENT
