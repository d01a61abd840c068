"""Per-torrent persistence: one SQLite database in the resume folder (``torrents.db``).

qBittorrent offers the same choice (``ResumeDataStorageType=SQLite``) beside its folder of
files. Each torrent is one row, keyed by its info-hash id, holding:

``meta``
    Our own record as JSON (category, tags, added time, share limits, display name, where it
    must end up). Written on add, so a torrent survives a ``kill -9`` before libtorrent has
    produced any resume data.
``resume``
    libtorrent's resume data (``write_resume_data_buf``): pieces we have, file priorities,
    flags, limits, counters, and (with ``save_info_dict``) the info dictionary. Written on
    every ``save_resume_data_alert``: after changes, periodically and at shutdown.
``torrent``
    The metainfo, written when a .torrent is added or a magnet's metadata arrives, so the
    torrent can be re-added even if its resume data is lost or rejected.

Why a database and not three files per torrent: each file write needs two fsyncs (file,
folder) to be durable, which made adding 2,000 torrents take seconds of pure waiting. Rows
are written in transactions, and :meth:`ResumeStore.batch` groups many writes (a whole
``torrents/add`` request, one pass of the alert pump) under one commit: one WAL fsync
(``synchronous=FULL``) for all of them, still durable before the caller answers.

A folder of files from an earlier version (``<hash>.meta.json``, ``.fastresume``,
``.torrent``) is imported once on start and the files removed after the commit. Loading
tolerates a damaged meta or missing blobs as the files did.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from mediastack.core.fs import atomic_write
from mediastack.torrent.engine.models import USE_GLOBAL, ShareLimits
from mediastack.torrent.engine.settings import ShareLimitAction

log = logging.getLogger(__name__)

_HASH_ID = re.compile(r"^[0-9a-f]{40}$")
META_VERSION = 1


def is_hash_id(value: str) -> bool:
    """True for a 40-digit lower-case hex id (the only names we ever write)."""
    return bool(_HASH_ID.fullmatch(value))


@dataclass
class TorrentMeta:
    """What we keep about a torrent that libtorrent's resume data does not.

    Every field assignment bumps :attr:`revision`, which is how the engine notices that a
    cached snapshot is stale without comparing every field (there is no ``__slots__`` so
    the counter can live outside the persisted fields). Lists are always replaced, never
    edited in place, so an assignment is the only way the meta changes.
    """

    info_hash: str
    name: str
    save_path: str
    download_path: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    added_on: int = field(default_factory=lambda: int(time.time()))
    display_name: str = ""  # set by "rename torrent"; never renames anything on disk
    ratio_limit: float = USE_GLOBAL
    seeding_time_limit: int = USE_GLOBAL
    share_limit_action: str | None = None
    first_last_piece_prio: bool = False
    magnet_uri: str = ""
    # Stopped by the user (or added stopped); only read when resume data is missing, as it
    # is when a crash follows an add before libtorrent's first resume data is written.
    stopped: bool = False
    version: int = META_VERSION

    def __setattr__(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)
        object.__setattr__(self, "_revision", self.__dict__.get("_revision", 0) + 1)

    @property
    def revision(self) -> int:
        return int(self.__dict__.get("_revision", 0))

    @property
    def share_limits(self) -> ShareLimits:
        action = ShareLimitAction(self.share_limit_action) if self.share_limit_action else None
        return ShareLimits(self.ratio_limit, self.seeding_time_limit, action)

    def to_json(self) -> bytes:
        """Compact JSON of the persisted fields (written on every add: kept cheap, no
        ``asdict`` deep copy; the lists are never edited in place)."""
        return json.dumps(
            {name: getattr(self, name) for name in _META_FIELDS}, separators=(",", ":")
        ).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, info_hash: str) -> TorrentMeta:
        """Parse a meta file field by field: a bad or unknown field is dropped, not fatal.

        A torrent must survive a meta file written by a newer or older version, or damaged
        in one field; losing its tags is better than losing the torrent.
        """
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("meta file is not a JSON object")
        meta = cls(info_hash=info_hash, name=info_hash, save_path="")
        defaults = asdict(meta)
        for key, default in defaults.items():
            if key == "info_hash" or key not in data:
                continue
            value = data[key]
            if key == "tags":
                if isinstance(value, list) and all(isinstance(t, str) for t in value):
                    meta.tags = list(value)
            elif key == "share_limit_action":
                if value is None or value in {a.value for a in ShareLimitAction}:
                    meta.share_limit_action = value
            elif key == "ratio_limit":
                if isinstance(value, int | float) and not isinstance(value, bool):
                    meta.ratio_limit = float(value)
            elif _same_json_type(default, value):
                setattr(meta, key, value)
        return meta


_META_FIELDS = tuple(f.name for f in fields(TorrentMeta))


def _same_json_type(default: object, value: object) -> bool:
    """``value`` has the field's type; JSON ``true`` is not accepted as an integer."""
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    return isinstance(value, type(default))


@dataclass(frozen=True, slots=True)
class StoredTorrent:
    """One torrent found in the resume folder, with whatever files could be read."""

    meta: TorrentMeta
    fastresume: bytes | None
    torrent: bytes | None


DB_NAME = "torrents.db"
_LEGACY_SUFFIXES = (".fastresume", ".torrent", ".meta.json")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS torrents (
    id TEXT PRIMARY KEY NOT NULL,
    meta BLOB,
    torrent BLOB,
    resume BLOB
) WITHOUT ROWID
"""


class ResumeStore:
    """The torrents database; safe to call from any thread (one connection, one lock).

    The engine writes from API threads (meta, metainfo) and from the alert pump (resume
    data). A write outside a :meth:`batch` commits before it returns. Inside a batch it joins
    one open transaction committed when the batch ends; a write by another thread meanwhile
    commits that transaction too (its caller must not return before its row is durable),
    which only makes the batch's earlier rows durable sooner.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DB_NAME
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._batching = threading.local()

    def ensure(self) -> None:
        """Create the folder and database (once), then import a legacy folder of files."""
        with self._lock:
            if self._db is not None:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.execute(_SCHEMA)
            except sqlite3.Error as exc:
                db.close()
                # Refuse to start rather than start empty: the file is left as it is.
                raise OSError(f"cannot open the torrent database {self.path}: {exc}") from exc
            self._db = db
        self._import_legacy_files()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
                self._db.close()
                self._db = None

    # ------------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group this thread's writes under one commit at the end (nesting is fine).

        Raises :class:`OSError` from the final commit when it fails: the caller must then
        treat every write of the batch as lost. Without the database open (engine stopped)
        a batch is a no-op wrapper.
        """
        depth = getattr(self._batching, "depth", 0)
        self._batching.depth = depth + 1
        try:
            yield
        finally:
            self._batching.depth = depth
            if depth == 0:  # also after an error: the writes made so far are real
                with self._lock:
                    self._commit()

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._lock:
            db = self._connection()
            try:
                if not db.in_transaction:
                    db.execute("BEGIN")
                db.execute(sql, args)
            except sqlite3.Error as exc:
                raise OSError(f"torrent database write failed: {exc}") from exc
            if not getattr(self._batching, "depth", 0):
                self._commit()

    def _commit(self) -> None:
        db = self._db
        if db is not None and db.in_transaction:
            try:
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise OSError(f"torrent database commit failed: {exc}") from exc

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise OSError("the torrent database is not open")
        return self._db

    # ------------------------------------------------------------------ rows

    def _upsert(self, info_hash: str, column: str, value: bytes) -> None:
        if not is_hash_id(info_hash):
            raise ValueError(f"not an info-hash id: {info_hash!r}")
        self._write(
            f"INSERT INTO torrents (id, {column}) VALUES (?, ?) "  # noqa: S608 - fixed names
            f"ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}",
            (info_hash, value),
        )

    def write_meta(self, meta: TorrentMeta) -> None:
        self._upsert(meta.info_hash, "meta", meta.to_json())

    def write_fastresume(self, info_hash: str, data: bytes) -> None:
        self._upsert(info_hash, "resume", data)

    def write_torrent(self, info_hash: str, data: bytes) -> None:
        self._upsert(info_hash, "torrent", data)

    def _read_column(self, info_hash: str, column: str) -> bytes | None:
        self.ensure()
        with self._lock:
            row = (
                self._connection()
                .execute(f"SELECT {column} FROM torrents WHERE id = ?", (info_hash,))  # noqa: S608
                .fetchone()
            )
        return bytes(row[0]) if row is not None and row[0] is not None else None

    def read_torrent(self, info_hash: str) -> bytes | None:
        return self._read_column(info_hash, "torrent")

    def read_fastresume(self, info_hash: str) -> bytes | None:
        return self._read_column(info_hash, "resume")

    def remove(self, info_hash: str) -> None:
        """Forget a torrent (its row goes in one statement)."""
        self._write("DELETE FROM torrents WHERE id = ?", (info_hash,))

    def load_all(self) -> list[StoredTorrent]:
        """Every torrent in the database; unusable rows are logged and skipped, never deleted."""
        self.ensure()
        with self._lock:
            try:
                rows = (
                    self._connection()
                    .execute("SELECT id, meta, resume, torrent FROM torrents ORDER BY id")
                    .fetchall()
                )
            except sqlite3.Error as exc:
                raise OSError(f"cannot read the torrent database {self.path}: {exc}") from exc
        found: list[StoredTorrent] = []
        for info_hash, raw_meta, resume, torrent in rows:
            if not is_hash_id(info_hash):
                continue
            stored = _stored(
                info_hash,
                _blob(raw_meta),
                _blob(resume),
                _blob(torrent),
            )
            if stored is not None:
                found.append(stored)
        return found

    # ------------------------------------------------------------------ legacy folder

    def _import_legacy_files(self) -> None:
        """Move torrents saved as files by an earlier version into the database, once.

        Every file is read, the rows are committed, and only then are the files deleted: a
        crash midway leaves the files, and the next start imports them again (same rows).
        """
        if not self.folder.is_dir():
            return
        found: dict[str, dict[str, bytes]] = {}
        for path in sorted(self.folder.iterdir()):
            stem, _, suffix = path.name.partition(".")
            if not is_hash_id(stem) or f".{suffix}" not in _LEGACY_SUFFIXES:
                continue
            data = _read(path)
            if data is not None:
                found.setdefault(stem, {})[f".{suffix}"] = data
        if not found:
            return
        with self.batch():
            for info_hash, parts in found.items():
                self._write(
                    "INSERT OR REPLACE INTO torrents (id, meta, torrent, resume) VALUES (?,?,?,?)",
                    (
                        info_hash,
                        parts.get(".meta.json"),
                        parts.get(".torrent"),
                        parts.get(".fastresume"),
                    ),
                )
        for info_hash in found:
            for suffix in _LEGACY_SUFFIXES:
                (self.folder / f"{info_hash}{suffix}").unlink(missing_ok=True)
        log.info("imported %d torrents from resume files into %s", len(found), self.path)


def _blob(value: object) -> bytes | None:
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else None


def _stored(
    info_hash: str, raw_meta: bytes | None, fastresume: bytes | None, torrent: bytes | None
) -> StoredTorrent | None:
    """One saved torrent, or None when nothing it holds can bring it back."""
    meta: TorrentMeta | None = None
    if raw_meta is not None:
        try:
            meta = TorrentMeta.from_json(raw_meta, info_hash)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("ignoring the corrupt meta record of %s: %s", info_hash, exc)
    if meta is None:
        if fastresume is None and torrent is None:
            return None
        meta = TorrentMeta(info_hash=info_hash, name=info_hash, save_path="")
    if fastresume is None and torrent is None and not meta.magnet_uri:
        log.warning("torrent %s has neither resume data nor metainfo; skipped", info_hash)
        return None
    return StoredTorrent(meta=meta, fastresume=fastresume, torrent=torrent)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None


def read_json_file(path: Path) -> Any:
    """A small JSON settings file, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return None


def write_json_file(path: Path, value: Any) -> None:
    atomic_write(path, json.dumps(value, indent=1, sort_keys=True).encode("utf-8"))
