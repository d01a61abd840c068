"""Stored remote path mappings (``remote_path_mappings``), and the live mapper on them.

Paths are kept as the originals keep them: with a trailing separator of their own style
(``/downloads/``, ``D:\\Downloads\\``). The mapper handed to download clients reads the
current set through a short cache that every change clears, so a mapping added in the UI
applies to the next import without a restart.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PureWindowsPath

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    RemotePathMapping,
    parse_client_path,
)

CACHE_SECONDS = 30.0


class RemotePathMappingRow(ManagerBase):
    __tablename__ = "remote_path_mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(500))
    remote_path: Mapped[str] = mapped_column(String(2000))
    local_path: Mapped[str] = mapped_column(String(2000))


@dataclass(frozen=True, slots=True)
class StoredMapping:
    id: int
    mapping: RemotePathMapping


class MappingError(ValueError):
    """A mapping the originals would refuse: ``field`` is the resource field to blame."""

    def __init__(self, field: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


def as_directory(path: str) -> str:
    """The path with one trailing separator of its own style."""
    parsed = parse_client_path(path.strip())
    separator = "\\" if isinstance(parsed, PureWindowsPath) else "/"
    text = str(parsed)
    return text if text.endswith(separator) else text + separator


class RemotePathMappingStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._lock = threading.Lock()
        self._cache: tuple[float, tuple[RemotePathMapping, ...]] | None = None

    def list(self) -> list[StoredMapping]:
        with self._db.session() as session:
            rows = session.execute(select(RemotePathMappingRow).order_by(RemotePathMappingRow.id))
            return [
                StoredMapping(r.id, RemotePathMapping(r.host, r.remote_path, r.local_path))
                for r in rows.scalars()
            ]

    def get(self, mapping_id: int) -> StoredMapping | None:
        return next((m for m in self.list() if m.id == mapping_id), None)

    def _validate(self, mapping: RemotePathMapping, own_id: int | None) -> RemotePathMapping:
        host = mapping.host.strip()
        if not host:
            raise MappingError("host", "'Host' must not be empty.", mapping.host)
        remote = mapping.remote_path
        if not remote.strip():
            raise MappingError("remotePath", "'Remote Path' must not be empty.", remote)
        if remote != remote.strip():
            where = "start" if remote.startswith(" ") else "end"
            raise MappingError(
                "remotePath", f"Remote Path '{remote}' must not {where} with a space", remote
            )
        local = mapping.local_path.strip()
        if not local or not os.path.isabs(local):
            raise MappingError("localPath", "Invalid Path", mapping.local_path)
        if os.path.normpath(local) == "/":
            raise MappingError("localPath", "Cannot be set to '/'", mapping.local_path)
        if not os.path.isdir(local):
            raise MappingError(
                "localPath", f"Path '{mapping.local_path}' does not exist", mapping.local_path
            )
        clean = RemotePathMapping(host, as_directory(remote), as_directory(local))
        for other in self.list():
            same = other.mapping
            if other.id != own_id and same.host == host and same.remote_path == clean.remote_path:
                raise MappingError("remotePath", "RemotePath already configured.", remote)
        return clean

    def save(self, mapping_id: int | None, mapping: RemotePathMapping) -> StoredMapping | None:
        """Add (``mapping_id`` None) or change one; raises :class:`MappingError`."""
        clean = self._validate(mapping, mapping_id)
        with self._db.session() as session:
            row = (
                RemotePathMappingRow()
                if mapping_id is None
                else session.get(RemotePathMappingRow, mapping_id)
            )
            if row is None:
                return None
            row.host, row.remote_path, row.local_path = (
                clean.host,
                clean.remote_path,
                clean.local_path,
            )
            if mapping_id is None:
                session.add(row)
            session.flush()
            saved = StoredMapping(row.id, clean)
        self.invalidate()
        return saved

    def delete(self, mapping_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(RemotePathMappingRow, mapping_id)
            if row is None:
                return False
            session.delete(row)
        self.invalidate()
        return True

    # ---- what the download clients use -------------------------------------------------

    def invalidate(self) -> None:
        with self._lock:
            self._cache = None

    def current(self) -> Sequence[RemotePathMapping]:
        with self._lock:
            cached = self._cache
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        fresh = tuple(m.mapping for m in self.list())
        with self._lock:
            self._cache = (time.monotonic(), fresh)
        return fresh

    def mapper(self) -> RemotePathMapper:
        return RemotePathMapper(self.current)
