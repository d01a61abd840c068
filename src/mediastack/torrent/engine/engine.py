"""The torrent engine: one libtorrent session, its torrents, categories, tags and persistence.

Threading model
---------------
* libtorrent runs its own network and disk threads; its calls are thread-safe.
* One alert-pump thread (:mod:`.alerts`) receives every event, refreshes the status cache,
  writes resume data and runs the periodic ticks (status refresh, resume save, share
  limits). Listeners (:meth:`TorrentEngine.subscribe`) are called on it.
* The engine's own state lives in a :class:`.registry.TorrentRegistry` behind one
  re-entrant lock, held for dictionary work and short libtorrent calls, never across a wait.

What may run on an asyncio loop: every query (``torrents``, ``get``, ``files``,
``trackers``, ``peers``, ``transfer_info``, ``categories``, ``tags``) is a dictionary read
or one short libtorrent round-trip (well under a millisecond when idle), and every mutating
operation is a few such calls plus small atomic file writes, so the WebAPI may call them
directly. :meth:`TorrentEngine.start`, :meth:`~TorrentEngine.stop` and
:meth:`~TorrentEngine.set_listen_port` wait for libtorrent (up to seconds): run them with
``asyncio.to_thread``.

Hashes: every method takes qBittorrent's torrent id (the v1 info-hash in hex, or the v2
hash truncated to 40 digits) in any case. Bulk operations skip unknown ids, as qBittorrent
does; single-torrent methods raise :class:`TorrentNotFoundError`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import libtorrent as lt

from mediastack.core.fs import free_space
from mediastack.torrent.engine.alert_handlers import TorrentAlertHandlers
from mediastack.torrent.engine.alerts import AlertPump, PeriodicTask
from mediastack.torrent.engine.catalog import Catalog
from mediastack.torrent.engine.errors import (
    ConflictError,
    DuplicateTorrentError,
    EngineStateError,
    InvalidArgumentError,
    InvalidTorrentError,
    TorrentEngineError,
)
from mediastack.torrent.engine.events import EventKind, EventListener
from mediastack.torrent.engine.loading import params_from_store
from mediastack.torrent.engine.memory import HeapTrimmer
from mediastack.torrent.engine.models import (
    NO_LIMIT,
    USE_GLOBAL,
    Category,
    PeerInfo,
    ShareLimits,
    TorrentFile,
    TorrentInfo,
    TrackerInfo,
    TransferInfo,
)
from mediastack.torrent.engine.options import AddTorrentOptions
from mediastack.torrent.engine.placement import confine_files, layout_renames
from mediastack.torrent.engine.priorities import apply_first_last, to_lt_priority, to_qbt_priority
from mediastack.torrent.engine.registry import TorrentRecord, TorrentRegistry
from mediastack.torrent.engine.resume import ResumeStore, StoredTorrent, TorrentMeta
from mediastack.torrent.engine.session_monitor import SessionMonitor
from mediastack.torrent.engine.session_settings import (
    apply_lan_rate_limits,
    build_settings_pack,
)
from mediastack.torrent.engine.settings import ShareLimitAction, TorrentEngineSettings
from mediastack.torrent.engine.share_limits import (
    EffectiveLimits,
    effective_limits,
    limit_reached,
    share_ratio,
)
from mediastack.torrent.engine.snapshot import (
    TorrentExtras,
    peer_infos,
    seconds,
    state_facts,
    torrent_files,
    torrent_info,
    tracker_infos,
)
from mediastack.torrent.engine.speed_schedule import CHECK_INTERVAL, SpeedScheduler
from mediastack.torrent.engine.state import TorrentState, map_state
from mediastack.torrent.engine.validation import (
    check_relative_path,
    validate_magnet,
    validate_peer,
    validate_tag,
    validate_torrent,
    validate_tracker_url,
    validate_web_seed_url,
)

log = logging.getLogger(__name__)

_TF = lt.torrent_flags
_ONLY_IF_MODIFIED = lt.save_resume_flags_t.only_if_modified
_PUMP_STOP_GRACE = 30.0
"""Seconds the pump may need beyond ``stop_timeout`` to finish writing the batch it holds."""


class TorrentEngine:
    """A qBittorrent-like torrent client without HTTP; see the module docstring for threads."""

    def __init__(self, settings: TorrentEngineSettings) -> None:
        self._settings = settings
        self._registry = TorrentRegistry(ResumeStore(settings.resume_dir))
        self._catalog = Catalog(settings.save_path, settings.categories_file, settings.tags_file)
        self._monitor = SessionMonitor()
        self._handlers = TorrentAlertHandlers(self._registry, self._after_finished)
        self._session: Any | None = None
        self._pump: AlertPump | None = None
        # Bumped when engine-wide facts every snapshot depends on change (see _info).
        self._generation = 0
        self._speed_scheduler = SpeedScheduler()

    # ================================================================== lifecycle

    @property
    def settings(self) -> TorrentEngineSettings:
        return self._settings

    @property
    def running(self) -> bool:
        return self._session is not None

    def start(self) -> None:
        """Create the session, start the alert pump, restore every saved torrent. Blocking.

        The pump runs before the restore so that thousands of restored torrents cannot
        overflow the alert queue (and drop the listen result) while they are being added.
        """
        registry = self._registry
        with registry.lock:
            if self._session is not None:
                raise EngineStateError("engine already started")
            registry.store.ensure()
            self._catalog.load()
            params = lt.session_params()
            pack: Any = build_settings_pack(self._settings)
            params.settings = pack
            session = lt.session(params)
            apply_lan_rate_limits(session, self._settings.limit_lan_peers)
            session.set_ip_filter(ip_filter(self._settings.banned_ips))
            handlers = self._handlers.table() | self._monitor.handlers(lt)
            pump = AlertPump(
                session, handlers, self._periodic_tasks(), around_batch=registry.store.batch
            )
            self._session, self._pump = session, pump
        pump.start()
        self._apply_speed_schedule()
        stored = registry.store.load_all()
        for item in stored:
            self._restore(item)
        self._monitor.listening.wait(5.0)
        log.info("torrent engine started: %d torrents, port %d", len(stored), self.listen_port)

    def stop(self) -> None:
        """Pause transfers, save changed torrents' resume data (bounded wait), end the session."""
        session, pump = self._session, self._pump
        if session is None or pump is None:
            return
        if pump.is_pump_thread():
            raise EngineStateError("stop() must not be called from an engine listener")
        session.pause()  # freeze progress so the resume data written below is final
        registry = self._registry
        with registry.lock:
            # Unchanged torrents already have current resume data on disk (saved on every
            # change and periodically); skipping them keeps shutdown short with thousands.
            saving = [
                h
                for h, r in registry.items()
                if r.handle.is_valid() and r.handle.need_save_resume_data()
            ]
            registry.expect_resume(saving)
            for info_hash in saving:
                record = registry.require(info_hash)
                record.handle.save_resume_data(lt.save_resume_flags_t.flush_disk_cache)
        missing = registry.wait_resume(self._settings.stop_timeout, lambda: pump.running)
        if missing:
            log.warning("resume data not saved for %d torrents before the timeout", missing)
        if pump.stop(timeout=self._settings.stop_timeout + _PUMP_STOP_GRACE):
            pump.drain(0)  # alerts that arrived after the pump's last pass
        else:
            log.error("the alert pump did not stop; alerts still queued are not handled")
        session.apply_settings({"stop_tracker_timeout": 1})
        with registry.lock:
            self._session = None
            self._pump = None
            registry.clear()
            registry.store.close()
            self._monitor.rebinding()

    def __enter__(self) -> TorrentEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every change this thread makes inside durable under one commit at the end.

        For bulk work (a ``torrents/add`` with many files): each change alone is committed
        (one disk flush) before its method returns; inside a batch they share one flush,
        done before the ``with`` block is left, so an answer sent after the block still
        promises that everything survives a ``kill -9``. Raises :class:`OSError` when that
        commit fails.
        """
        with self._registry.store.batch():
            yield

    def _ses(self) -> Any:
        session = self._session
        if session is None:
            raise EngineStateError("engine is not running")
        return session

    # ================================================================== settings

    @property
    def listen_port(self) -> int:
        """The TCP port peers reach us on (0 until the first successful listen)."""
        return self._monitor.port

    def set_listen_port(self, port: int, wait: float = 5.0) -> int:
        """Re-bind to ``port`` now (0 = any free port); returns the port actually bound.

        When the new port cannot be bound, the previous binding comes back and
        :class:`TorrentEngineError` says why: a refused change must not leave the session
        deaf on a port it does not hold. Bound to any port but the one asked for (a socket
        that failed before its alert arrived) counts as a failure too: a forwarded port is
        exact, which is also why the session never retries the next ports.
        """
        if not 0 <= port <= 65535:
            raise InvalidArgumentError(f"port out of range: {port}")
        before = self._settings
        taken = port_taken(before.listen_interface, port) if port else ""
        if taken:
            raise TorrentEngineError(f"cannot listen on port {port}: {taken}")
        self.update_settings(
            before.model_copy(update={"listen_port": port}), wait=wait, rebind=True
        )
        error = self._monitor.listen_error
        if not error and port and self._monitor.port != port:
            error = "the port is in use"
        if error:
            self.update_settings(before, wait=wait, rebind=True)
            if self._monitor.listen_error:
                log.error("the previous listen port is lost too: %s", self._monitor.listen_error)
            raise TorrentEngineError(f"cannot listen on port {port}: {error}")
        return self._monitor.port

    def update_settings(
        self, settings: TorrentEngineSettings, wait: float = 0.0, *, rebind: bool = False
    ) -> None:
        """Apply new settings to the running session.

        Everything applies at once except the config and resume folders (fixed at start,
        :class:`InvalidArgumentError`) and PeX (torrents added afterwards).

        Only changed keys are sent to libtorrent. ``rebind`` re-opens the listen sockets even
        when the binding is unchanged; ``wait`` > 0 waits that long for the new listen socket
        when the binding changed.
        """
        session = self._ses()
        old_settings = self._settings
        if (settings.config_dir, settings.resume_dir) != (
            self._settings.config_dir,
            self._settings.resume_dir,
        ):
            raise InvalidArgumentError("the config and resume folders are fixed at start")
        old = build_settings_pack(self._settings)
        new = build_settings_pack(settings)
        changed = {k: v for k, v in new.items() if old.get(k) != v}
        # Same binding: re-open in place; libtorrent keeps a socket that is still fine and
        # posts no listen alert, so there is nothing to wait for.
        reopen = rebind and "listen_interfaces" not in changed
        rebinding = "listen_interfaces" in changed
        if rebinding:
            self._monitor.rebinding()
        lan_changed = settings.limit_lan_peers != self._settings.limit_lan_peers
        with self._registry.lock:
            self._settings = settings
            self._catalog.set_default_save_path(settings.save_path)
            self._generation += 1
        if changed:
            session.apply_settings(changed)
        if lan_changed:
            apply_lan_rate_limits(session, settings.limit_lan_peers)
        if settings.banned_ips != old_settings.banned_ips:
            session.set_ip_filter(ip_filter(settings.banned_ips))  # drops banned peers too
        if reopen:
            session.reopen_network_sockets(lt.session.reopen_map_ports)
        if rebinding and wait > 0:
            self._monitor.listening.wait(wait)
        if any(
            k.startswith(("scheduler_", "schedule_"))
            for k in _changed_fields(old_settings, settings)
        ):
            self._apply_speed_schedule()

    def _apply_speed_schedule(self) -> None:
        """Switch the alternative limits on or off when the scheduler's decision changes."""
        settings = self._settings
        wanted = self._speed_scheduler.decide(settings, datetime.now())
        if wanted is None or wanted == settings.alt_speed_enabled or self._session is None:
            return
        log.info("alternative speed limits %s by the scheduler", "on" if wanted else "off")
        self.update_settings(settings.model_copy(update={"alt_speed_enabled": wanted}))

    # ================================================================== adding

    def add_torrent_file(self, data: bytes, options: AddTorrentOptions | None = None) -> str:
        """Add a .torrent from its bytes; returns the torrent id.

        Raises :class:`InvalidTorrentError` (unreadable or hostile), :class:`CategoryError`,
        :class:`TagError`, :class:`DuplicateTorrentError`; nothing changes when it raises.
        """
        checked = validate_torrent(data)
        params = lt.add_torrent_params()
        params.ti = checked.info
        return self._add(params, checked.info_hash, checked.name, options, bytes(data), "")

    def add_magnet(self, uri: str, options: AddTorrentOptions | None = None) -> str:
        """Add a magnet link (metadata then comes from peers); returns the torrent id."""
        magnet = validate_magnet(uri)
        return self._add(magnet.params, magnet.info_hash, magnet.name, options, None, magnet.uri)

    def _add(
        self,
        params: Any,
        info_hash: str,
        name: str,
        options: AddTorrentOptions | None,
        torrent_bytes: bytes | None,
        magnet_uri: str,
    ) -> str:
        """Check everything, add to libtorrent, then persist (a failed write undoes the add)."""
        opts = options or AddTorrentOptions()
        session = self._ses()
        tags = sorted({validate_tag(t) for t in opts.tags})
        lt_priorities = (
            [to_lt_priority(p) for p in opts.file_priorities]
            if opts.file_priorities is not None
            else None
        )
        registry = self._registry
        with registry.lock:
            if info_hash in registry:
                raise DuplicateTorrentError(info_hash)
            save_path, download_path = self._placement(opts)
            target = download_path or save_path
            if params.ti is not None:
                layout = opts.content_layout or self._settings.content_layout
                renames = layout_renames(params.ti, layout)
                confine_files(target, params.ti, renames)
                if renames:
                    params.renamed_files = renames
            params.save_path = str(target)
            params.flags = self._add_flags(params.flags, opts)
            params.download_limit = opts.download_limit or -1
            params.upload_limit = opts.upload_limit or -1
            params.max_connections = self._settings.max_connections_per_torrent
            params.max_uploads = self._settings.max_uploads_per_torrent
            if lt_priorities is not None:
                params.file_priorities = lt_priorities
            try:
                handle = session.add_torrent(params)
            except RuntimeError as exc:
                if "duplicate" in str(exc).lower():
                    raise DuplicateTorrentError(info_hash) from None
                raise TorrentEngineError(f"libtorrent refused the torrent: {exc}") from None
            record = TorrentRecord(
                handle=handle,
                meta=TorrentMeta(
                    info_hash=info_hash,
                    name=name,
                    save_path=str(save_path),
                    download_path=str(download_path) if download_path else "",
                    category=opts.category,
                    tags=tags,
                    display_name=opts.rename.strip(),
                    ratio_limit=opts.ratio_limit,
                    seeding_time_limit=opts.seeding_time_limit,
                    share_limit_action=_action_value(opts.share_limit_action),
                    first_last_piece_prio=opts.first_last_piece_prio,
                    magnet_uri=magnet_uri,
                    stopped=bool(params.flags & _TF.paused),
                ),
                status=handle.status(),
                trackers_count=len(handle.trackers()),
                dl_limit=opts.download_limit,
                up_limit=opts.upload_limit,
            )
            record.refresh_files()
            try:
                if tags:
                    self._catalog.add_tags(tags)
                registry.save_meta(record)
                if torrent_bytes is not None:
                    registry.store.write_torrent(info_hash, torrent_bytes)
            except OSError:
                session.remove_torrent(handle)
                with contextlib.suppress(OSError):
                    registry.store.remove(info_hash)
                raise
            registry.add(info_hash, record)
            if opts.first_last_piece_prio and record.ti is not None:
                apply_first_last(handle, record.ti, True)
            handle.save_resume_data(0)
        registry.emit(EventKind.ADDED, info_hash)
        return info_hash

    def _placement(self, opts: AddTorrentOptions) -> tuple[Path, Path | None]:
        """(final save path, incomplete path or None) for a new torrent."""
        category = self._catalog.require(opts.category) if opts.category else None
        if opts.save_path is not None:
            save = Path(opts.save_path)
        elif category is not None:
            save = Path(category.resolved_save_path)
        else:
            save = self._settings.save_path
        if not save.is_absolute():
            raise InvalidArgumentError(f"save path must be absolute: {save}")
        download = opts.download_path
        if download is None and self._settings.incomplete_path is not None:
            download = self._settings.incomplete_path
            if opts.category:
                download = download.joinpath(*opts.category.split("/"))
        if download is not None and not download.is_absolute():
            raise InvalidArgumentError(f"download path must be absolute: {download}")
        return save, (None if download == save else download)

    def _add_flags(self, flags: int, opts: AddTorrentOptions) -> int:
        """Stopped = paused without auto-management; forced = neither; otherwise queued."""
        flags &= ~(_TF.paused | _TF.auto_managed | _TF.seed_mode | _TF.sequential_download)
        flags |= _TF.duplicate_is_error
        paused = self._settings.add_paused if opts.paused is None else opts.paused
        if paused:
            flags |= _TF.paused
        elif not opts.force_start:
            flags |= _TF.auto_managed
        if opts.sequential:
            flags |= _TF.sequential_download
        if opts.skip_checking:
            flags |= _TF.seed_mode
        return flags | self._discovery_flags()

    def _discovery_flags(self) -> int:
        s = self._settings
        flags = 0
        if not s.enable_pex:
            flags |= _TF.disable_pex
        if not s.enable_dht:
            flags |= _TF.disable_dht
        if not s.enable_lsd:
            flags |= _TF.disable_lsd
        return flags

    def _restore(self, stored: StoredTorrent) -> None:
        """Re-add one saved torrent; a broken one is logged and left on disk for inspection.

        The lock is held from the add until the record is registered: alerts about the
        torrent (a rejected fastresume, typically) may already be in the pump, and their
        handlers must find the record.
        """
        meta = stored.meta
        with self._registry.lock:
            try:
                params = params_from_store(stored, self._settings.save_path)
                params.flags |= self._discovery_flags()
                handle = self._ses().add_torrent(params)
            except (RuntimeError, ValueError) as exc:
                log.error("cannot restore torrent %s: %s", meta.info_hash, exc)
                return
            if not meta.save_path:
                meta.save_path = str(params.save_path)
            record = TorrentRecord(
                handle=handle,
                meta=meta,
                status=handle.status(),
                trackers_count=len(handle.trackers()),
                dl_limit=max(0, int(handle.download_limit())),
                up_limit=max(0, int(handle.upload_limit())),
            )
            record.refresh_files()
            self._registry.add(meta.info_hash, record)

    # ================================================================== queries

    def has_torrent(self, info_hash: str) -> bool:
        with self._registry.lock:
            return info_hash in self._registry

    def hashes(self) -> list[str]:
        with self._registry.lock:
            return self._registry.ids()

    def torrents(
        self,
        hashes: Sequence[str] | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> list[TorrentInfo]:
        """Snapshots from the status cache (refreshed every ``status_interval``).

        ``category=""`` selects uncategorised torrents; ``None`` does not filter.
        """
        registry = self._registry
        with registry.lock:
            if hashes is None:
                records = [r for _, r in registry.items()]
            else:
                records = [r for _, r in registry.select(hashes)]
            if category is not None:
                records = [r for r in records if r.meta.category == category]
            if tag is not None:
                records = [r for r in records if tag in r.meta.tags]
            return [self._info(r) for r in records]

    def get(self, info_hash: str, *, refresh: bool = False) -> TorrentInfo:
        """One torrent; ``refresh`` asks libtorrent for a fresh status first."""
        with self._registry.lock:
            record = self._registry.require(info_hash)
            if refresh:
                record.refresh()
            return self._info(record)

    def files(self, info_hash: str) -> list[TorrentFile]:
        """The torrent's files (empty until metadata is known)."""
        with self._registry.lock:
            record = self._registry.require(info_hash)
            if record.ti is None:
                return []
            files = torrent_files(record.handle, record.ti, record.paths)
            wanted = record.file_priorities
            if wanted is None:
                return files
            # libtorrent may not have applied our last change yet: show what was set
            return [
                replace(f, priority=to_qbt_priority(wanted[f.index]))
                if f.index < len(wanted)
                else f
                for f in files
            ]

    def export_torrent(self, info_hash: str) -> bytes:
        """The torrent's metainfo as a .torrent file (``torrents/export``)."""
        with self._registry.lock:
            record = self._registry.require(info_hash)
            if record.ti is None:
                raise InvalidArgumentError("torrent has no metadata yet")
            saved = self._registry.store.read_torrent(info_hash)
            if saved is not None:
                return saved
            return b"d4:info" + bytes(record.ti.info_section()) + b"e"

    def trackers(self, info_hash: str) -> list[TrackerInfo]:
        with self._registry.lock:
            return tracker_infos(self._registry.require(info_hash).handle.trackers())

    def peers(self, info_hash: str) -> list[PeerInfo]:
        with self._registry.lock:
            return peer_infos(self._registry.require(info_hash).handle.get_peer_info())

    def transfer_info(self) -> TransferInfo:
        """Session totals since start; speeds over the last stats interval."""
        with self._registry.lock:
            statuses = [r.status for _, r in self._registry.items()]
        alltime = (
            sum(int(st.all_time_download) for st in statuses),
            sum(int(st.all_time_upload) for st in statuses),
        )
        try:
            space = free_space(self._settings.save_path)
        except OSError:
            space = 0
        return self._monitor.transfer_info(
            self._settings, running=self.running, alltime=alltime, free_space=space
        )

    def subscribe(self, listener: EventListener) -> Callable[[], None]:
        """Call ``listener`` (on the pump thread) for every event; returns an unsubscribe."""
        return self._registry.subscribe(listener)

    def _limits(self, meta: TorrentMeta) -> EffectiveLimits:
        s = self._settings
        category = self._catalog.get(meta.category) if meta.category else None
        return effective_limits(
            meta.share_limits,
            category.share_limits if category else None,
            s.max_ratio,
            s.max_seeding_time,
            s.share_limit_action,
        )

    def _info(self, record: TorrentRecord) -> TorrentInfo:
        """The torrent's snapshot, rebuilt only when something it is built from changed.

        Reading a libtorrent status field by field dominates ``torrents/info`` with
        thousands of torrents, while most of them (paused, or seeding unchanged) keep the
        same status between requests. A snapshot depends on the record (status included),
        its meta, and engine-wide facts (settings, category limits); each carries a
        revision counter, so staleness is three integer comparisons.
        """
        key = (record.revision, record.meta.revision, self._generation)
        cached = record.info_cache
        if cached is not None and cached[0] == key:
            info: TorrentInfo = cached[1]
            return info
        info = torrent_info(record.status, self._extras(record))
        record.info_cache = (key, info)
        return info

    def _state(self, record: TorrentRecord) -> TorrentState:
        return map_state(state_facts(record.status, self._extras(record)))

    def _extras(self, record: TorrentRecord) -> TorrentExtras:
        return TorrentExtras(
            meta=record.meta,
            ti=record.ti,
            paths=record.paths,
            error=record.error,
            missing_files=record.missing_files,
            trackers_count=record.trackers_count,
            magnet_uri=record.magnet_uri,
            receiving=record.receiving,
            sending=record.sending,
            dl_limit=record.dl_limit,
            up_limit=record.up_limit,
            queueing_enabled=self._settings.queueing_enabled,
            limits=self._limits(record.meta),
        )

    # ================================================================== torrent operations

    def _touch(self, record: TorrentRecord, *, meta: bool = False) -> None:
        """Persist a change now (our meta file and/or fresh resume data) and refresh status."""
        if meta:
            self._registry.save_meta(record)
        record.handle.save_resume_data(_ONLY_IF_MODIFIED)
        record.refresh()

    @staticmethod
    def _set_stopped(record: TorrentRecord, stopped: bool) -> bool:
        """Note the stop state in the meta record; True when it changed (needs a write)."""
        if record.meta.stopped == stopped:
            return False
        record.meta.stopped = stopped
        return True

    def pause(self, hashes: Sequence[str]) -> None:
        """Stop torrents (qBittorrent "pause"/"stop"): out of the queue until resumed."""
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                record.handle.unset_flags(_TF.auto_managed)
                record.handle.pause()
                self._touch(record, meta=self._set_stopped(record, True))

    def resume(self, hashes: Sequence[str]) -> None:
        """Start torrents again under the queue's control; clears a recorded error."""
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                record.error = ""
                record.missing_files = False
                record.handle.clear_error()
                record.handle.set_flags(_TF.auto_managed)
                record.handle.resume()
                self._touch(record, meta=self._set_stopped(record, False))

    def set_force_start(self, hashes: Sequence[str], value: bool) -> None:
        """Force-started torrents run regardless of the queue limits."""
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                if value:
                    record.handle.unset_flags(_TF.auto_managed)
                    record.handle.clear_error()
                    record.handle.resume()
                else:
                    record.handle.set_flags(_TF.auto_managed)
                self._touch(record, meta=value and self._set_stopped(record, False))

    def delete(self, hashes: Sequence[str], delete_files: bool = False) -> None:
        """Remove torrents; ``delete_files`` makes libtorrent delete exactly their files."""
        session = self._ses()
        removed = []
        with self._registry.lock, self.batch():
            for info_hash, record in self._registry.select(hashes):
                self._registry.remove(info_hash)
                options = lt.options_t.delete_files if delete_files else 0
                session.remove_torrent(record.handle, options)
                removed.append(info_hash)
        for info_hash in removed:
            self._registry.emit(EventKind.REMOVED, info_hash)

    def recheck(self, hashes: Sequence[str]) -> None:
        with self._registry.lock:
            for _, record in self._registry.select(hashes):
                record.missing_files = False
                record.error = ""
                record.handle.clear_error()
                record.handle.force_recheck()

    def reannounce(self, hashes: Sequence[str]) -> None:
        with self._registry.lock:
            for _, record in self._registry.select(hashes):
                record.handle.force_reannounce()  # now, every tracker
                if self._settings.enable_dht:
                    record.handle.force_dht_announce()

    def set_location(self, hashes: Sequence[str], location: Path) -> None:
        """Move torrents' data to ``location`` (absolute); completes asynchronously (moving)."""
        path = Path(location)
        if not path.is_absolute():
            raise InvalidArgumentError(f"location must be absolute: {location}")
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                record.meta.save_path = str(path)
                record.meta.download_path = ""
                record.handle.move_storage(str(path), lt.move_flags_t.dont_replace)
                self._touch(record, meta=True)

    def rename(self, info_hash: str, name: str) -> None:
        """Set the torrent's display name (nothing on disk changes, as in qBittorrent)."""
        cleaned = name.strip()
        if not cleaned or any(ord(c) < 0x20 for c in cleaned):
            raise InvalidArgumentError(f"invalid torrent name {name!r}")
        with self._registry.lock:
            record = self._registry.require(info_hash)
            record.meta.display_name = cleaned
            self._registry.save_meta(record)

    def rename_file(self, info_hash: str, old_path: str, new_path: str) -> None:
        """Rename one file (relative, '/'-separated paths); completes asynchronously."""
        target = _checked_relative(new_path)
        with self._registry.lock:
            record = self._registry.require(info_hash)
            wanted = old_path.strip("/")
            if wanted not in record.paths:
                raise InvalidArgumentError(f"no file {old_path!r} in the torrent")
            record.handle.rename_file(record.paths.index(wanted), target)

    def rename_folder(self, info_hash: str, old_path: str, new_path: str) -> None:
        """Rename a folder by renaming every file below it."""
        old_prefix = old_path.strip("/") + "/"
        new_prefix = _checked_relative(new_path) + "/"
        with self._registry.lock:
            record = self._registry.require(info_hash)
            moves = [
                (index, new_prefix + path[len(old_prefix) :])
                for index, path in enumerate(record.paths)
                if path.startswith(old_prefix)
            ]
            if not moves:
                raise InvalidArgumentError(f"no folder {old_path!r} in the torrent")
            for index, target in moves:
                record.handle.rename_file(index, target)

    def set_file_priority(self, info_hash: str, indexes: Sequence[int], priority: int) -> None:
        """Set qBittorrent priorities (0 skip, 1 normal, 6 high, 7 maximum) on files."""
        lt_priority = to_lt_priority(priority)
        with self._registry.lock:
            record = self._registry.require(info_hash)
            if record.ti is None:
                raise InvalidArgumentError("torrent has no metadata yet")
            priorities = record.priorities()
            for index in indexes:
                if not 0 <= index < len(priorities):
                    raise InvalidArgumentError(f"file index out of range: {index}")
                priorities[index] = lt_priority
            record.file_priorities = priorities
            record.handle.prioritize_files(priorities)
            if record.meta.first_last_piece_prio:
                apply_first_last(record.handle, record.ti, True, priorities)
            self._touch(record)

    def set_sequential(self, hashes: Sequence[str], value: bool) -> None:
        with self._registry.lock:
            for _, record in self._registry.select(hashes):
                if value:
                    record.handle.set_flags(_TF.sequential_download)
                else:
                    record.handle.unset_flags(_TF.sequential_download)
                self._touch(record)

    def set_first_last_piece_priority(self, hashes: Sequence[str], value: bool) -> None:
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                record.meta.first_last_piece_prio = value
                if record.ti is not None:
                    apply_first_last(record.handle, record.ti, value, record.priorities())
                self._touch(record, meta=True)

    def set_download_limit(self, hashes: Sequence[str], limit: int) -> None:
        """Per-torrent download limit in bytes/s (0 = unlimited)."""
        with self._registry.lock:
            for _, record in self._registry.select(hashes):
                record.handle.set_download_limit(limit if limit > 0 else -1)
                record.dl_limit = max(0, limit)
                self._touch(record)

    def set_upload_limit(self, hashes: Sequence[str], limit: int) -> None:
        """Per-torrent upload limit in bytes/s (0 = unlimited)."""
        with self._registry.lock:
            for _, record in self._registry.select(hashes):
                record.handle.set_upload_limit(limit if limit > 0 else -1)
                record.up_limit = max(0, limit)
                self._touch(record)

    def set_share_limits(
        self,
        hashes: Sequence[str],
        ratio_limit: float,
        seeding_time_limit: int,
        action: ShareLimitAction | None = None,
    ) -> None:
        """Per-torrent limits: -2 inherit (category, then global), -1 none, else the limit."""
        if ratio_limit < 0 and ratio_limit not in (USE_GLOBAL, NO_LIMIT):
            raise InvalidArgumentError(f"invalid ratio limit {ratio_limit}")
        if seeding_time_limit < 0 and seeding_time_limit not in (USE_GLOBAL, NO_LIMIT):
            raise InvalidArgumentError(f"invalid seeding time limit {seeding_time_limit}")
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                record.meta.ratio_limit = float(ratio_limit)
                record.meta.seeding_time_limit = int(seeding_time_limit)
                record.meta.share_limit_action = _action_value(action)
                self._registry.save_meta(record)

    def add_peers(self, hashes: Sequence[str], peers: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Connect to ``ip:port`` / ``[ipv6]:port`` peers; returns id -> (added, failed)."""
        endpoints = [validate_peer(p) for p in peers]
        result: dict[str, tuple[int, int]] = {}
        with self._registry.lock:
            for info_hash, record in self._registry.select(hashes):
                added = failed = 0
                for endpoint in endpoints:
                    try:
                        record.handle.connect_peer(endpoint)
                        added += 1
                    except RuntimeError:
                        failed += 1
                result[info_hash] = (added, failed)
        return result

    # ------------------------------------------------------------------ trackers

    def add_trackers(self, info_hash: str, urls: Sequence[str]) -> None:
        checked = [validate_tracker_url(u) for u in urls]
        with self._registry.lock:
            record = self._registry.require(info_hash)
            existing = {e["url"] for e in record.handle.trackers()}
            tier = len(existing)
            for url in checked:
                if url not in existing:
                    record.handle.add_tracker({"url": url, "tier": tier})
                    existing.add(url)
            record.trackers_count = len(existing)
            record.refresh_magnet()
            self._touch(record)

    def edit_tracker(self, info_hash: str, orig_url: str, new_url: str) -> None:
        new = validate_tracker_url(new_url)
        with self._registry.lock:
            record = self._registry.require(info_hash)
            entries = record.handle.trackers()
            if not any(e["url"] == orig_url for e in entries):
                raise InvalidArgumentError(f"no tracker {orig_url!r}")
            if any(e["url"] == new for e in entries):
                raise InvalidArgumentError(f"tracker {new!r} already present")
            record.handle.replace_trackers(
                [
                    {"url": new if e["url"] == orig_url else e["url"], "tier": e["tier"]}
                    for e in entries
                ]
            )
            record.refresh_magnet()
            self._touch(record)

    def remove_trackers(self, info_hash: str, urls: Sequence[str]) -> None:
        drop = set(urls)
        with self._registry.lock:
            record = self._registry.require(info_hash)
            keep = [
                {"url": e["url"], "tier": e["tier"]}
                for e in record.handle.trackers()
                if e["url"] not in drop
            ]
            record.handle.replace_trackers(keep)
            record.trackers_count = len(keep)
            record.refresh_magnet()
            self._touch(record)

    # ------------------------------------------------------------------ web seeds

    def web_seeds(self, info_hash: str) -> list[str]:
        """The torrent's BEP 19 web seeds as they are now (from the .torrent or added)."""
        with self._registry.lock:
            return sorted(self._registry.require(info_hash).handle.url_seeds())

    def add_web_seeds(self, info_hash: str, urls: Sequence[str]) -> None:
        checked = [validate_web_seed_url(u) for u in urls]
        with self._registry.lock:
            record = self._registry.require(info_hash)
            for url in checked:
                record.handle.add_url_seed(url)
            self._touch(record)

    def edit_web_seed(self, info_hash: str, orig_url: str, new_url: str) -> None:
        """Replace one web seed; :class:`ConflictError` when ``orig_url`` is not one."""
        orig, new = validate_web_seed_url(orig_url), validate_web_seed_url(new_url)
        with self._registry.lock:
            record = self._registry.require(info_hash)
            if new == orig:
                return
            if orig not in record.handle.url_seeds():
                raise ConflictError(f'"{orig}" is not an existing URL')
            record.handle.remove_url_seed(orig)
            record.handle.add_url_seed(new)
            self._touch(record)

    def remove_web_seeds(self, info_hash: str, urls: Sequence[str]) -> None:
        checked = [validate_web_seed_url(u) for u in urls]
        with self._registry.lock:
            record = self._registry.require(info_hash)
            for url in checked:
                record.handle.remove_url_seed(url)
            self._touch(record)

    # ------------------------------------------------------------------ queue

    def queue_top(self, hashes: Sequence[str]) -> None:
        self._queue_op(hashes, "queue_position_top", reverse=True)

    def queue_bottom(self, hashes: Sequence[str]) -> None:
        self._queue_op(hashes, "queue_position_bottom", reverse=False)

    def queue_up(self, hashes: Sequence[str]) -> None:
        self._queue_op(hashes, "queue_position_up", reverse=False)

    def queue_down(self, hashes: Sequence[str]) -> None:
        self._queue_op(hashes, "queue_position_down", reverse=True)

    def _queue_op(self, hashes: Sequence[str], op: str, *, reverse: bool) -> None:
        """Move several torrents keeping their relative order (qBittorrent answers 409 off)."""
        if not self._settings.queueing_enabled:
            raise EngineStateError("torrent queueing is disabled")
        with self._registry.lock:
            records = [r for _, r in self._registry.select(hashes)]
            records.sort(key=lambda r: int(r.status.queue_position), reverse=reverse)
            for record in records:
                getattr(record.handle, op)()
            for record in records:
                self._touch(record)

    # ================================================================== categories and tags

    def categories(self) -> dict[str, Category]:
        with self._registry.lock:
            return self._catalog.categories()

    def create_category(
        self, name: str, save_path: str = "", share_limits: ShareLimits | None = None
    ) -> Category:
        with self._registry.lock:
            self._generation += 1
            return self._catalog.create(name, save_path, share_limits)

    def edit_category(
        self, name: str, save_path: str, share_limits: ShareLimits | None = None
    ) -> Category:
        with self._registry.lock:
            self._generation += 1
            return self._catalog.edit(name, save_path, share_limits)

    def remove_categories(self, names: Sequence[str]) -> None:
        """Forget categories; their torrents become uncategorised (files stay put)."""
        with self._registry.lock, self.batch():
            self._generation += 1
            removed = set(self._catalog.remove(list(names)))
            for _, record in self._registry.items():
                if record.meta.category in removed:
                    record.meta.category = ""
                    self._registry.save_meta(record)

    def set_category(self, hashes: Sequence[str], category: str) -> None:
        """Change torrents' category ("" = none); it must exist. Data never moves."""
        with self._registry.lock, self.batch():
            if category:
                self._catalog.require(category)
            for _, record in self._registry.select(hashes):
                if record.meta.category != category:
                    record.meta.category = category
                    self._registry.save_meta(record)

    def tags(self) -> list[str]:
        with self._registry.lock:
            return self._catalog.tags()

    def create_tags(self, tags: Sequence[str]) -> None:
        with self._registry.lock:
            self._catalog.add_tags(list(tags))

    def delete_tags(self, tags: Sequence[str]) -> None:
        """Delete tags globally and from every torrent carrying them."""
        drop = {t.strip() for t in tags}
        with self._registry.lock, self.batch():
            self._catalog.delete_tags(list(drop))
            for _, record in self._registry.items():
                if drop & set(record.meta.tags):
                    record.meta.tags = [t for t in record.meta.tags if t not in drop]
                    self._registry.save_meta(record)

    def add_tags(self, hashes: Sequence[str], tags: Sequence[str]) -> None:
        """Tag torrents; unknown tags are created, as qBittorrent does."""
        with self._registry.lock, self.batch():
            cleaned = self._catalog.add_tags(list(tags))
            for _, record in self._registry.select(hashes):
                merged = sorted(set(record.meta.tags) | set(cleaned))
                if merged != record.meta.tags:
                    record.meta.tags = merged
                    self._registry.save_meta(record)

    def remove_tags(self, hashes: Sequence[str], tags: Sequence[str] | None = None) -> None:
        """Untag torrents; ``None`` removes every tag from them."""
        drop = None if tags is None else {t.strip() for t in tags}
        with self._registry.lock, self.batch():
            for _, record in self._registry.select(hashes):
                kept = [] if drop is None else [t for t in record.meta.tags if t not in drop]
                if kept != record.meta.tags:
                    record.meta.tags = kept
                    self._registry.save_meta(record)

    # ================================================================== housekeeping

    def check_share_limits(self) -> None:
        """Apply the share-limit action to every seeding torrent past its limit."""
        due: list[tuple[str, ShareLimitAction]] = []
        with self._registry.lock:
            for info_hash, record in self._registry.items():
                state = self._state(record)
                if not state.is_complete or state.is_stopped:
                    continue
                limits = self._limits(record.meta)
                if not limits.any:
                    continue
                st = record.status
                ratio = share_ratio(
                    int(st.all_time_upload), int(st.all_time_download), int(st.total_done)
                )
                if limit_reached(limits, ratio, seconds(st.seeding_duration)):
                    due.append((info_hash, limits.action))
        for info_hash, action in due:
            log.info("torrent %s reached its share limit: %s", info_hash, action.value)
            self._registry.emit(EventKind.SHARE_LIMIT_REACHED, info_hash, action.value)
            if action is ShareLimitAction.PAUSE:
                self.pause([info_hash])
            else:
                self.delete([info_hash], delete_files=action is ShareLimitAction.REMOVE_WITH_FILES)

    def _after_finished(self, info_hash: str) -> None:
        self.check_share_limits()

    def _periodic_tasks(self) -> list[PeriodicTask]:
        s = self._settings
        return [
            PeriodicTask("status", s.status_interval, self._post_updates),
            PeriodicTask("resume", s.resume_save_interval, self._save_modified),
            PeriodicTask("share-limits", s.share_limit_interval, self.check_share_limits),
            PeriodicTask(
                "heap-trim", s.heap_trim_interval, HeapTrimmer(self._monitor.payload_bytes)
            ),
            PeriodicTask("speed-schedule", CHECK_INTERVAL, self._apply_speed_schedule),
        ]

    def _post_updates(self) -> None:
        """Ask for changed torrent statuses and session counters; answers come as alerts."""
        session = self._session
        if session is not None:
            session.post_torrent_updates()
            session.post_session_stats()

    def _save_modified(self) -> None:
        """Periodic resume save; libtorrent skips torrents that did not change."""
        with self._registry.lock:
            for _, record in self._registry.items():
                if record.handle.is_valid():
                    record.handle.save_resume_data(_ONLY_IF_MODIFIED)


def ip_filter(banned: Sequence[ipaddress.IPv4Address | ipaddress.IPv6Address]) -> Any:
    """libtorrent's IP filter blocking exactly the ``banned`` addresses."""
    rules = lt.ip_filter()
    for address in banned:
        rules.add_rule(str(address), str(address), 1)  # 1 = blocked
    return rules


def port_taken(interface: str, port: int) -> str:
    """Why ``port`` cannot be listened on at ``interface`` ("" when it looks free).

    A probe bind with the options libtorrent uses (``SO_REUSEADDR``) before the session is
    touched, so a refused port leaves the old socket open. Device names are not probed (they
    may carry several addresses); the check after the re-bind covers them.
    """
    try:
        address = ipaddress.ip_address(interface)
    except ValueError:
        return ""
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((str(address), port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return ""


def _changed_fields(old: TorrentEngineSettings, new: TorrentEngineSettings) -> set[str]:
    return {name for name in type(new).model_fields if getattr(old, name) != getattr(new, name)}


def _action_value(action: ShareLimitAction | None) -> str | None:
    return action.value if action is not None else None


def _checked_relative(path: str) -> str:
    """A new file or folder path inside a torrent, checked like the torrent's own names."""
    try:
        return "/".join(check_relative_path(path.replace("\\", "/").split("/")))
    except InvalidTorrentError as exc:
        raise InvalidArgumentError(str(exc)) from None
