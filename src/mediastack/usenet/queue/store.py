"""Queue and history persistence: rows in the database, NZBs as gzip files beside it.

The manager keeps every live job in memory (the API reads it many times a second) and
writes through here on every change that must survive a restart: add, status changes,
progress checkpoints, priority and order, completion. Writes are small single-row
transactions, cheap on SQLite in WAL mode.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import make_transient

from mediastack.core.db import Database
from mediastack.core.fs import atomic_write
from mediastack.usenet.queue.models import CategoryRow, JobRow, ServerRow, StateRow

__all__ = ["JobStore", "nzb_hash"]


def nzb_hash(data: bytes) -> str:
    """Content hash used for duplicate detection (SABnzbd compares an MD5 of the NZB)."""
    return hashlib.sha256(data).hexdigest()


class JobStore:
    """All database access of the usenet service."""

    def __init__(self, database: Database, nzb_dir: Path) -> None:
        self.database = database
        self.nzb_dir = nzb_dir

    # -- jobs ------------------------------------------------------------------------------

    def add(self, row: JobRow, nzb: bytes) -> None:
        """Store the NZB first, then the row: a row never points at a missing NZB."""
        self.nzb_dir.mkdir(parents=True, exist_ok=True)
        path = self.nzb_dir / f"{row.nzo_id}.nzb.gz"
        atomic_write(path, gzip.compress(nzb, compresslevel=6))
        row.nzb_path = path.name
        with self.database.session() as session:
            session.add(row)

    def replace_nzb(self, row: JobRow, nzb: bytes) -> None:
        """A retry with a new NZB: the stored one is swapped atomically, the row kept."""
        atomic_write(self.nzb_dir / row.nzb_path, gzip.compress(nzb, compresslevel=6))
        row.nzb_hash = nzb_hash(nzb)
        self.save(row)

    def renew_id(self, row: JobRow, nzo_id: str) -> None:
        """Give a job a new id (SABnzbd's retry makes a new job of a failed one).

        The NZB is linked under the new name first and the old one removed last, so the
        row, old or new, always points at an NZB that exists.
        """
        old_id, old_path = row.nzo_id, self.nzb_dir / row.nzb_path
        new_path = self.nzb_dir / f"{nzo_id}.nzb.gz"
        os.link(old_path, new_path)
        with self.database.session() as session:
            session.execute(delete(JobRow).where(JobRow.nzo_id == old_id))
            make_transient(row)  # forget the old identity: this is a new row
            row.nzo_id, row.nzb_path = nzo_id, new_path.name
            session.add(row)
        old_path.unlink(missing_ok=True)

    def read_nzb(self, row: JobRow) -> bytes:
        return gzip.decompress((self.nzb_dir / row.nzb_path).read_bytes())

    def load(self) -> list[JobRow]:
        with self.database.session() as session:
            rows = session.scalars(select(JobRow).order_by(JobRow.position)).all()
            session.expunge_all()
            return list(rows)

    def save(self, *rows: JobRow) -> None:
        with self.database.session() as session:
            for row in rows:
                session.merge(row)

    def delete(self, row: JobRow) -> None:
        with self.database.session() as session:
            session.execute(delete(JobRow).where(JobRow.nzo_id == row.nzo_id))
        (self.nzb_dir / row.nzb_path).unlink(missing_ok=True)

    # -- servers and categories ------------------------------------------------------------

    def servers(self) -> dict[str, dict[str, Any]]:
        with self.database.session() as session:
            return {r.name: dict(r.config) for r in session.scalars(select(ServerRow))}

    def put_server(self, name: str, config: dict[str, Any]) -> None:
        with self.database.session() as session:
            session.merge(ServerRow(name=name, config=config))

    def delete_server(self, name: str) -> bool:
        with self.database.session() as session:
            return session.execute(delete(ServerRow).where(ServerRow.name == name)).rowcount > 0  # type: ignore[attr-defined,no-any-return]

    def categories(self) -> dict[str, tuple[dict[str, Any], bool]]:
        with self.database.session() as session:
            return {
                r.name: (dict(r.config), r.removed) for r in session.scalars(select(CategoryRow))
            }

    def put_category(self, name: str, config: dict[str, Any], removed: bool = False) -> None:
        with self.database.session() as session:
            session.merge(CategoryRow(name=name, config=config, removed=removed))

    # -- service state ---------------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        with self.database.session() as session:
            row = session.get(StateRow, key)
            return default if row is None else row.value

    def set_state(self, key: str, value: Any) -> None:
        with self.database.session() as session:
            session.merge(StateRow(key=key, value=value))
