"""The write-ahead journal of imports in flight, and the record each entry holds.

An entry is committed before any file is touched and deleted in the same transaction that
records the result, so a crash at any instant leaves an entry the next run finishes (or
abandons). Each domain keeps its own table (``tv_import_journal``, ...) with these
columns, so one service's recovery never replays another's imports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database, UTCDateTime, utcnow


class JournalColumns:
    """Mixin of a domain's journal table: ``class Row(JournalColumns, ManagerBase)``."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(slots=True)
class ImportRecord:
    """One import, as journaled: enough to finish it after a crash without the candidate.

    ``stage`` goes ``pending`` -> ``recycled`` -> ``placed``; ``recycled`` lists what has
    gone to the recycle bin so far. ``item_ids`` are what the file fills (episodes, the
    movie, tracks); ``history_ids`` the children history is written for (episodes, the
    movie, albums). ``extra`` is the domain's data for its own rows.
    """

    source: str
    destination: str
    transfer: str  # "move", "copy" or "link"
    subject_id: int
    item_ids: list[int]
    history_ids: list[int]
    relative_path: str
    quality: dict[str, Any]
    size: int
    stage: str = "pending"
    custom_formats: list[dict[str, Any]] = field(default_factory=list)
    custom_format_score: int = 0
    release_group: str | None = None
    scene_name: str | None = None
    languages: list[str] = field(default_factory=list)
    replaced: list[dict[str, Any]] = field(default_factory=list)  # {"id", "path"}
    recycled: list[dict[str, Any]] = field(default_factory=list)  # {"path", "to"}
    recycle_subfolder: str = ""
    download_id: str | None = None
    client_name: str | None = None
    source_title: str = ""
    hardlinked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def quality_name(self) -> str:
        return str((self.quality.get("quality") or {}).get("name") or "Unknown")

    def payload(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    """The entries of one domain's journal table."""

    def __init__(self, database: Database, row: type[JournalColumns]) -> None:
        self._db = database
        self.row = row

    def open(self, record: ImportRecord) -> int:
        with self._db.session() as session:
            entry = self.row()
            entry.created = utcnow()
            entry.payload = record.payload()
            session.add(entry)
            session.flush()
            return entry.id

    def save(self, journal_id: int, record: ImportRecord) -> None:
        with self._db.session() as session:
            entry = session.get(self.row, journal_id)
            if entry is not None:
                entry.payload = record.payload()

    def drop(self, journal_id: int) -> None:
        with self._db.session() as session:
            entry = session.get(self.row, journal_id)
            if entry is not None:
                session.delete(entry)

    def pending(self) -> list[tuple[int, ImportRecord]]:
        with self._db.session() as session:
            rows = session.execute(select(self.row).order_by(self.row.id)).scalars()
            return [(r.id, ImportRecord(**r.payload)) for r in rows]
