"""Backups of a service's configuration and database, and their restore.

A backup is a zip in ``/config/<name>/backups/`` holding ``config.yaml`` and, on SQLite, a
consistent copy of the database made with SQLite's online backup API (safe while the service
writes). On PostgreSQL the database is the operator's to back up (``pg_dump``), so only the
configuration is saved.

A restore never swaps files under a running service: it is staged as ``restore.zip`` and
applied by the next start, before the database is opened. Members are checked against an
allow-list, so a crafted archive cannot write anywhere else.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from mediastack.core.fs import PathEscapeError, atomic_write, confine

log = logging.getLogger(__name__)

CONFIG_MEMBER = "config.yaml"
STAGED_RESTORE = "restore.zip"
_NAME_RE = re.compile(
    r"^(?P<app>[a-z]+)_backup_(?P<type>manual|scheduled|update)_(?P<stamp>\d{8}T\d{6}Z)\.zip$"
)
MAX_MEMBER_BYTES = 2 * 1024**3


class BackupType(StrEnum):
    MANUAL = "manual"
    SCHEDULED = "scheduled"
    UPDATE = "update"


class BackupError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Backup:
    name: str
    path: Path
    type: BackupType
    size: int
    time: datetime


@dataclass(frozen=True, slots=True)
class BackupTarget:
    """What one service backs up."""

    app: str  # the seed folder name: sonarr, radarr, ...
    config_dir: Path
    sqlite_path: Path | None  # None on PostgreSQL

    @property
    def folder(self) -> Path:
        return self.config_dir / "backups"

    @property
    def db_member(self) -> str:
        return f"{self.app}.db"


def create_backup(target: BackupTarget, kind: BackupType = BackupType.MANUAL) -> Backup:
    target.folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = target.folder / f"{target.app}_backup_{kind.value}_{stamp}.zip"
    with tempfile.TemporaryDirectory(dir=target.folder) as scratch:
        staging = Path(scratch) / "backup.zip"
        with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            config = target.config_dir / CONFIG_MEMBER
            if config.exists():
                archive.write(config, CONFIG_MEMBER)
            if target.sqlite_path is not None and target.sqlite_path.exists():
                copy = Path(scratch) / target.db_member
                source = sqlite3.connect(target.sqlite_path)
                dest = sqlite3.connect(copy)
                try:
                    source.backup(dest)
                finally:
                    dest.close()
                    source.close()
                archive.write(copy, target.db_member)
        staging.replace(path)
    path.chmod(0o600)  # holds the API key and password hash
    log.info("backup written to %s", path)
    return _describe(path)


def _describe(path: Path) -> Backup:
    match = _NAME_RE.match(path.name)
    if match is None:
        raise BackupError(f"not a backup file name: {path.name}")
    when = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return Backup(path.name, path, BackupType(match["type"]), path.stat().st_size, when)


def list_backups(target: BackupTarget) -> list[Backup]:
    if not target.folder.is_dir():
        return []
    found = [_describe(p) for p in target.folder.iterdir() if _NAME_RE.match(p.name)]
    return sorted(found, key=lambda b: b.time, reverse=True)


def prune_backups(target: BackupTarget, keep: int, kind: BackupType = BackupType.SCHEDULED) -> int:
    """Remove the oldest backups of one kind beyond ``keep``; manual backups are the user's."""
    old = [b for b in list_backups(target) if b.type is kind][keep:]
    for backup in old:
        backup.path.unlink(missing_ok=True)
    return len(old)


def find_backup(target: BackupTarget, name: str) -> Backup:
    try:
        path = confine(target.folder, name)
    except PathEscapeError as exc:
        raise BackupError(str(exc)) from exc
    if not path.is_file() or path.parent != target.folder.resolve():
        raise BackupError(f"no backup named {name}")
    return _describe(path)


def _check_archive(target: BackupTarget, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    allowed = {CONFIG_MEMBER, target.db_member}
    members = archive.infolist()
    names = [m.filename for m in members]
    unexpected = [n for n in names if n not in allowed]
    if unexpected:
        raise BackupError(f"unexpected files in backup: {', '.join(sorted(unexpected))}")
    if CONFIG_MEMBER not in names:
        raise BackupError("backup has no config.yaml")
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            raise BackupError(f"{member.filename} is implausibly large")
    return members


def stage_restore(target: BackupTarget, source: Path) -> None:
    """Check a backup and stage it to be applied at the next start."""
    try:
        with zipfile.ZipFile(source) as archive:
            _check_archive(target, archive)
            if archive.testzip() is not None:
                raise BackupError("backup archive is damaged")
    except zipfile.BadZipFile as exc:
        raise BackupError(f"not a zip archive: {exc}") from exc
    atomic_write(target.config_dir / STAGED_RESTORE, source.read_bytes())
    log.warning("restore of %s staged; it is applied at the next start", source.name)


def apply_staged_restore(target: BackupTarget) -> bool:
    """At start, before the database opens: replace config and database from the staged zip."""
    staged = target.config_dir / STAGED_RESTORE
    if not staged.exists():
        return False
    with zipfile.ZipFile(staged) as archive:
        for member in _check_archive(target, archive):
            if member.filename == target.db_member and target.sqlite_path is None:
                continue  # PostgreSQL: the database is not ours to replace
            destination = (
                target.sqlite_path
                if member.filename == target.db_member and target.sqlite_path is not None
                else target.config_dir / member.filename
            )
            atomic_write(destination, archive.read(member))
            if destination.name == CONFIG_MEMBER:
                destination.chmod(0o600)
    if target.sqlite_path is not None:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
    staged.unlink()
    log.warning("restored configuration and database from a backup")
    return True
