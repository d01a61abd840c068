"""Making .torrent files from data on disk (qBittorrent's torrent creator, WebAPI 2.10.4).

A task hashes a file or folder with libtorrent's ``create_torrent`` in a worker thread, one
task at a time, and keeps the result in memory (and, when asked, writes it to a file).
Everything it reads or writes must lie inside the allowed folders the caller gives: the
file list is built here, not by libtorrent, so a symbolic link that leads elsewhere fails the
task instead of being followed. At most :data:`MAX_TASKS` tasks are kept; finished ones make
room for new ones first, as in qBittorrent.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import libtorrent as lt

from mediastack.core.fs import atomic_write
from mediastack.torrent.engine.errors import InvalidArgumentError
from mediastack.torrent.engine.validation import validate_tracker_url, validate_web_seed_url

log = logging.getLogger(__name__)

MAX_TASKS = 256
MIN_PIECE, MAX_PIECE = 16 * 1024, 256 * 1024 * 1024
_FORMAT_FLAGS = {"v1": "v1_only", "v2": "v2_only", "hybrid": None}


class TaskStatus(StrEnum):
    QUEUED = "Queued"
    RUNNING = "Running"
    FINISHED = "Finished"
    FAILED = "Failed"


@dataclass(frozen=True)
class CreationParams:
    """What to make; paths already confined and absolute (see :func:`inside`)."""

    source_path: Path
    torrent_file_path: Path | None = None
    private: bool = False
    format: str = "hybrid"  # v1 | v2 | hybrid
    piece_size: int = 0  # 0: libtorrent picks
    comment: str = ""
    source: str = ""
    trackers: tuple[str, ...] = ()  # "" starts the next tier, as qBittorrent's "|" list
    url_seeds: tuple[str, ...] = ()
    start_seeding: bool = False

    def __post_init__(self) -> None:
        if self.format not in _FORMAT_FLAGS:
            raise InvalidArgumentError("format must be v1, v2 or hybrid")
        size = self.piece_size
        if size and (size < MIN_PIECE or size > MAX_PIECE or size & (size - 1)):
            raise InvalidArgumentError(
                "pieceSize must be 0 (automatic) or a power of two from 16 KiB to 256 MiB"
            )
        for tracker in self.trackers:
            if tracker:
                validate_tracker_url(tracker)
        for seed in self.url_seeds:
            validate_web_seed_url(seed)


@dataclass
class CreationTask:
    id: str
    params: CreationParams
    added: datetime = field(default_factory=datetime.now)
    started: datetime | None = None
    finished: datetime | None = None
    progress: int = 0
    error: str = ""
    torrent: bytes | None = None
    result_piece_size: int = 0
    cancelled: threading.Event = field(default_factory=threading.Event)

    @property
    def status(self) -> TaskStatus:
        if self.error:
            return TaskStatus.FAILED
        if self.finished is not None:
            return TaskStatus.FINISHED
        return TaskStatus.RUNNING if self.started is not None else TaskStatus.QUEUED


class CreationError(Exception):
    """Why a task failed (its ``errorMessage``)."""


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """``path`` (resolved) is one of ``roots`` or below one."""
    resolved = path.resolve()
    return any(resolved == r or resolved.is_relative_to(r) for r in roots)


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> list[Any]:
    """qBittorrent's case-insensitive natural order ("ep2" before "ep10")."""
    return [int(p) if p.isdigit() else p.casefold() for p in _DIGITS.split(text)]


def list_files(source: Path, roots: Sequence[Path]) -> list[tuple[str, int]]:
    """(path relative to the source's parent, size) of every file, naturally sorted.

    Symbolic links are followed only when they stay inside ``roots``; one that leads out
    fails the whole task. Linked folders are not entered.
    """
    if source.is_symlink() and not inside(source, roots):
        raise CreationError(f"{source} leads outside the allowed folders")
    if source.is_file():
        return [(source.name, source.stat().st_size)]
    if not source.is_dir():
        raise CreationError(f"{source} does not exist")
    base = source.parent
    found: list[tuple[str, int]] = []
    for folder, dirs, files in os.walk(source, followlinks=False):
        dirs.sort(key=_natural)
        here = Path(folder)
        for name in sorted(files, key=_natural):
            path = here / name
            if path.is_symlink() and not inside(path, roots):
                raise CreationError(f"{path} leads outside the allowed folders")
            if path.is_file():
                found.append((path.relative_to(base).as_posix(), path.stat().st_size))
    if not found:
        raise CreationError(f"{source} holds no file")
    return found


def create(params: CreationParams, roots: Sequence[Path], progress: Callable[[int], None]) -> bytes:
    """Hash the source and return the bencoded .torrent. Runs in a worker thread."""
    files = list_files(params.source_path, roots)
    flag_name = _FORMAT_FLAGS[params.format]
    flags = getattr(lt.create_torrent, flag_name) if flag_name else 0
    entries = [lt.create_file_entry(name, size) for name, size in files]
    maker = lt.create_torrent(entries, params.piece_size, flags)
    for seed in params.url_seeds:
        maker.add_url_seed(seed)
    tier = 0
    for tracker in params.trackers:
        if tracker:
            maker.add_tracker(tracker, tier)
        else:
            tier += 1
    pieces = max(1, maker.num_pieces())
    lt.set_piece_hashes(
        maker, str(params.source_path.parent), lambda n: progress(int(100 * (n + 1) / pieces))
    )
    maker.set_creator("mediastack")
    maker.set_comment(params.comment)
    maker.set_priv(params.private)
    entry: Any = maker.generate()
    if params.source:
        entry[b"info"][b"source"] = params.source.encode()
    return bytes(lt.bencode(entry))


Seeder = Callable[[bytes, Path], None]
"""Adds a finished torrent to the engine to seed from the given save path."""


class SeedingFailed(Exception):
    """The torrent was made but could not be added to seed."""


class TorrentCreator:
    """The task list; :meth:`run_next`, called from a worker thread, does the work."""

    def __init__(self, roots: Callable[[], Sequence[Path]], seed: Seeder) -> None:
        self._roots = roots
        self._seed = seed
        self._tasks: dict[str, CreationTask] = {}
        self._lock = threading.Lock()

    def add(self, params: CreationParams) -> CreationTask | None:
        """Queue a task; None when :data:`MAX_TASKS` unfinished tasks are kept already."""
        with self._lock:
            if len(self._tasks) >= MAX_TASKS:
                for done in [t for t in self._tasks.values() if t.finished is not None]:
                    del self._tasks[done.id]
                    if len(self._tasks) < MAX_TASKS:
                        break
            if len(self._tasks) >= MAX_TASKS:
                return None
            task = CreationTask(id=str(uuid.uuid4()), params=params)
            self._tasks[task.id] = task
        return task

    def get(self, task_id: str) -> CreationTask | None:
        with self._lock:
            return self._tasks.get(task_id)

    def tasks(self) -> list[CreationTask]:
        with self._lock:
            return list(self._tasks.values())

    def delete(self, task_id: str) -> bool:
        with self._lock:
            task = self._tasks.pop(task_id, None)
        if task is not None:
            task.cancelled.set()
        return task is not None

    def cancel_all(self) -> None:
        with self._lock:
            for task in self._tasks.values():
                task.cancelled.set()

    def run_next(self) -> bool:
        """Run the oldest queued task to its end (blocking); False when none is queued."""
        with self._lock:
            task = next((t for t in self._tasks.values() if t.started is None), None)
            if task is None:
                return False
            task.started = datetime.now()
        try:
            task.torrent = self._make(task)
        except SeedingFailed as exc:
            log.warning("created torrent %s not seeded: %s", task.id, exc)
            task.error = "Failed to start seeding."
        except (CreationError, OSError, RuntimeError, ValueError) as exc:
            task.error = f"Create new torrent file failed. Reason: {exc}."
        finally:
            task.finished = datetime.now()
        if task.error:
            log.warning("torrent creation %s failed: %s", task.id, task.error)
        return True

    def _make(self, task: CreationTask) -> bytes:
        params, roots = task.params, list(self._roots())
        for path in (params.source_path, params.torrent_file_path):
            if path is not None and not inside(path, roots):
                raise CreationError(f"{path} is outside the allowed folders")

        def progress(percent: int) -> None:
            if task.cancelled.is_set():
                raise CreationError("the task was deleted")
            task.progress = percent

        torrent = create(params, roots, progress)
        task.result_piece_size = int(lt.torrent_info(torrent).piece_length())
        if params.torrent_file_path is not None:
            atomic_write(params.torrent_file_path, torrent)
        task.torrent = torrent
        if params.start_seeding:
            try:
                self._seed(torrent, params.source_path.parent)
            except Exception as exc:  # the engine's refusal, whatever it is
                raise SeedingFailed(str(exc)) from exc
        return torrent
