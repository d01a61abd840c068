"""Per-torrent persistence in a resume folder, like qBittorrent's ``BT_backup``.

Each torrent owns up to three files, all named by its info-hash id:

``<hash>.meta.json``
    Our own record (category, tags, added time, share limits, display name, where it must
    end up). Written first, on add, so a torrent survives a ``kill -9`` even before
    libtorrent has produced any resume data.
``<hash>.fastresume``
    libtorrent's resume data (``write_resume_data_buf``): pieces we have, file priorities,
    flags, limits, counters, and (with ``save_info_dict``) the info dictionary. Written on
    every ``save_resume_data_alert``: after changes, periodically and at shutdown.
``<hash>.torrent``
    The metainfo, written when a .torrent is added or a magnet's metadata arrives, so the
    torrent can be re-added even if its fastresume is lost or rejected.

Every write goes through :func:`mediastack.core.fs.atomic_write`: a crash leaves the old
file or the new one. Loading tolerates any one of the three being missing or corrupt.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
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
        return json.dumps(asdict(self), indent=1, sort_keys=True).encode("utf-8")

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


class ResumeStore:
    """Reads and writes the resume folder. Not thread-safe by itself; callers serialise.

    The engine calls it from the alert-pump thread (resume data) and from API threads
    (meta on change); writes of different files never conflict, and writes of the same
    file are each atomic, so the last writer wins with a whole file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def ensure(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, info_hash: str, suffix: str) -> Path:
        if not is_hash_id(info_hash):
            raise ValueError(f"not an info-hash id: {info_hash!r}")
        return self.folder / f"{info_hash}{suffix}"

    def write_meta(self, meta: TorrentMeta) -> None:
        atomic_write(self._path(meta.info_hash, ".meta.json"), meta.to_json())

    def write_fastresume(self, info_hash: str, data: bytes) -> None:
        atomic_write(self._path(info_hash, ".fastresume"), data)

    def write_torrent(self, info_hash: str, data: bytes) -> None:
        atomic_write(self._path(info_hash, ".torrent"), data)

    def read_torrent(self, info_hash: str) -> bytes | None:
        return self._read(self._path(info_hash, ".torrent"))

    def remove(self, info_hash: str) -> None:
        """Forget a torrent; the meta file goes last so a crash midway still finds it."""
        for suffix in (".fastresume", ".torrent", ".meta.json"):
            self._path(info_hash, suffix).unlink(missing_ok=True)

    def _read(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cannot read %s: %s", path, exc)
            return None

    def _ids(self) -> Iterator[str]:
        seen: set[str] = set()
        for path in sorted(self.folder.iterdir()):
            stem = path.name.split(".", 1)[0]
            if is_hash_id(stem) and stem not in seen and path.name != stem:
                seen.add(stem)
                yield stem

    def load_all(self) -> list[StoredTorrent]:
        """Every torrent in the folder; unreadable ones are logged and skipped, never deleted."""
        if not self.folder.is_dir():
            return []
        found: list[StoredTorrent] = []
        for info_hash in self._ids():
            fastresume = self._read(self._path(info_hash, ".fastresume"))
            torrent = self._read(self._path(info_hash, ".torrent"))
            raw_meta = self._read(self._path(info_hash, ".meta.json"))
            meta: TorrentMeta | None = None
            if raw_meta is not None:
                try:
                    meta = TorrentMeta.from_json(raw_meta, info_hash)
                except (ValueError, UnicodeDecodeError) as exc:
                    log.warning("ignoring corrupt %s.meta.json: %s", info_hash, exc)
            if meta is None:
                if fastresume is None and torrent is None:
                    continue
                meta = TorrentMeta(info_hash=info_hash, name=info_hash, save_path="")
            if fastresume is None and torrent is None and not meta.magnet_uri:
                log.warning("torrent %s has neither resume data nor metainfo; skipped", info_hash)
                continue
            found.append(StoredTorrent(meta=meta, fastresume=fastresume, torrent=torrent))
        return found


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
