"""Root folders: the library folders a manager files media into.

A root folder must exist and be writable when it is added; afterwards it may go missing
(an unmounted share), and is then reported as inaccessible rather than removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.core.fs import disk_space
from mediastack.manager.db import ManagerBase


class RootFolderRow(ManagerBase):
    __tablename__ = "root_folders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)


@dataclass(frozen=True, slots=True)
class UnmappedFolder:
    name: str
    path: str
    relative_path: str


@dataclass(frozen=True, slots=True)
class RootFolder:
    id: int
    path: str
    accessible: bool
    free_space: int | None
    total_space: int | None
    unmapped_folders: list[UnmappedFolder] = field(default_factory=list)


class RootFolderError(ValueError):
    pass


def _space(path: Path) -> tuple[int | None, int | None]:
    try:
        space = disk_space(path)
    except OSError:
        return None, None
    return space.free, space.total


class RootFolderStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def _describe(self, row: RootFolderRow, mapped: set[str]) -> RootFolder:
        path = Path(row.path)
        accessible = path.is_dir() and os.access(path, os.R_OK | os.W_OK | os.X_OK)
        free, total = _space(path) if accessible else (None, None)
        unmapped: list[UnmappedFolder] = []
        if accessible:
            for child in sorted(path.iterdir(), key=lambda p: p.name.lower()):
                if child.is_dir() and not child.name.startswith(".") and str(child) not in mapped:
                    unmapped.append(UnmappedFolder(child.name, str(child), child.name))
        return RootFolder(row.id, row.path, accessible, free, total, unmapped)

    def list(self, mapped_paths: set[str] | None = None) -> list[RootFolder]:
        with self._db.session() as session:
            rows = list(session.execute(select(RootFolderRow).order_by(RootFolderRow.id)).scalars())
        return [self._describe(r, mapped_paths or set()) for r in rows]

    def get(self, folder_id: int, mapped_paths: set[str] | None = None) -> RootFolder | None:
        with self._db.session() as session:
            row = session.get(RootFolderRow, folder_id)
        return self._describe(row, mapped_paths or set()) if row else None

    def add(self, raw_path: str) -> RootFolder:
        if not raw_path or not raw_path.strip():
            raise RootFolderError("Path must not be empty")
        path = Path(raw_path.strip())
        if not path.is_absolute():
            raise RootFolderError("Path must be absolute")
        path = path.resolve()
        if not path.is_dir():
            raise RootFolderError(f"Folder '{path}' does not exist")
        if not os.access(path, os.W_OK | os.X_OK):
            raise RootFolderError(f"Folder '{path}' is not writable by this service")
        with self._db.session() as session:
            clash = session.execute(
                select(RootFolderRow).where(RootFolderRow.path == str(path))
            ).scalar()
            if clash is not None:
                raise RootFolderError("Path is already configured as a root folder")
            row = RootFolderRow(path=str(path))
            session.add(row)
            session.flush()
            return self._describe(row, set())

    def delete(self, folder_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(RootFolderRow, folder_id)
            if row is None:
                return False
            session.delete(row)
            return True

    def ensure(self, path: Path) -> None:
        """Add a default root folder (the role's media folder) when none is configured."""
        with self._db.session() as session:
            if session.execute(select(RootFolderRow)).first() is not None:
                return
        path.mkdir(parents=True, exist_ok=True)
        self.add(str(path.resolve()))
