"""Storage of history events, paged with a cheap count (dashboards read ``totalRecords``).

``item_id`` is the library item (series, movie, artist) and ``child_id`` the part an event
is about (episode, movie itself, album); a grab of a season pack writes one event per
episode, as the originals do, all with the same ``download_id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database, UTCDateTime, utcnow
from mediastack.manager.db import ManagerBase


class HistoryEventType(StrEnum):
    """The originals' event types (Sonarr's names; the API maps them per flavour)."""

    GRABBED = "grabbed"
    SERIES_FOLDER_IMPORTED = "seriesFolderImported"
    DOWNLOAD_FOLDER_IMPORTED = "downloadFolderImported"
    DOWNLOAD_FAILED = "downloadFailed"
    FILE_DELETED = "episodeFileDeleted"
    FILE_RENAMED = "episodeFileRenamed"
    DOWNLOAD_IGNORED = "downloadIgnored"


# Integer codes the APIs use in ``eventType`` filters (Sonarr's enum order).
EVENT_CODES: dict[HistoryEventType, int] = {
    HistoryEventType.GRABBED: 1,
    HistoryEventType.SERIES_FOLDER_IMPORTED: 2,
    HistoryEventType.DOWNLOAD_FOLDER_IMPORTED: 3,
    HistoryEventType.DOWNLOAD_FAILED: 4,
    HistoryEventType.FILE_DELETED: 5,
    HistoryEventType.FILE_RENAMED: 6,
    HistoryEventType.DOWNLOAD_IGNORED: 7,
}


class HistoryRow(ManagerBase):
    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int] = mapped_column(Integer)
    child_id: Mapped[int] = mapped_column(Integer)
    source_title: Mapped[str] = mapped_column(Text)
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    custom_formats: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer)
    download_id: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class NewHistoryEvent:
    event_type: HistoryEventType
    item_id: int
    child_id: int
    source_title: str
    quality: dict[str, Any] = field(default_factory=dict)  # the API's QualityModel shape
    languages: list[dict[str, Any]] = field(default_factory=list)
    custom_formats: list[dict[str, Any]] = field(default_factory=list)
    custom_format_score: int = 0
    download_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the originals' string-valued extras
    date: datetime | None = None


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    id: int
    event_type: HistoryEventType
    item_id: int
    child_id: int
    source_title: str
    quality: dict[str, Any]
    languages: list[dict[str, Any]]
    custom_formats: list[dict[str, Any]]
    custom_format_score: int
    download_id: str | None
    date: datetime
    data: dict[str, Any]

    @classmethod
    def from_row(cls, row: HistoryRow) -> HistoryEvent:
        return cls(
            id=row.id,
            event_type=HistoryEventType(row.event_type),
            item_id=row.item_id,
            child_id=row.child_id,
            source_title=row.source_title,
            quality=dict(row.quality),
            languages=list(row.languages),
            custom_formats=list(row.custom_formats),
            custom_format_score=row.custom_format_score,
            download_id=row.download_id,
            date=row.date,
            data=dict(row.data),
        )


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    event_types: Sequence[HistoryEventType] = ()
    item_ids: Sequence[int] = ()
    child_ids: Sequence[int] = ()
    download_id: str | None = None
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage:
    total: int
    records: list[HistoryEvent]


class HistoryStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, events: Iterable[NewHistoryEvent]) -> list[HistoryEvent]:
        rows = []
        with self._db.session() as session:
            for event in events:
                row = HistoryRow(
                    event_type=event.event_type.value,
                    item_id=event.item_id,
                    child_id=event.child_id,
                    source_title=event.source_title,
                    quality=event.quality,
                    languages=event.languages,
                    custom_formats=event.custom_formats,
                    custom_format_score=event.custom_format_score,
                    download_id=event.download_id,
                    date=event.date or utcnow(),
                    data={k: ("" if v is None else str(v)) for k, v in event.data.items()},
                )
                session.add(row)
                rows.append(row)
            session.flush()
            return [HistoryEvent.from_row(r) for r in rows]

    @staticmethod
    def _conditions(where: HistoryFilter) -> list[Any]:
        conditions: list[Any] = []
        if where.event_types:
            conditions.append(HistoryRow.event_type.in_([e.value for e in where.event_types]))
        if where.item_ids:
            conditions.append(HistoryRow.item_id.in_(list(where.item_ids)))
        if where.child_ids:
            conditions.append(HistoryRow.child_id.in_(list(where.child_ids)))
        if where.download_id is not None:
            conditions.append(HistoryRow.download_id == where.download_id)
        if where.since is not None:
            conditions.append(HistoryRow.date >= where.since)
        return conditions

    def page(
        self,
        where: HistoryFilter,
        page: int = 1,
        page_size: int = 10,
        newest_first: bool = True,
    ) -> HistoryPage:
        conditions = self._conditions(where)
        order = HistoryRow.date.desc() if newest_first else HistoryRow.date.asc()
        with self._db.session() as session:
            total = session.execute(
                select(func.count()).select_from(HistoryRow).where(*conditions)
            ).scalar_one()
            rows = session.execute(
                select(HistoryRow)
                .where(*conditions)
                .order_by(order, HistoryRow.id.desc())
                .offset(max(page - 1, 0) * page_size)
                .limit(page_size)
            ).scalars()
            return HistoryPage(total, [HistoryEvent.from_row(r) for r in rows])

    def find(self, where: HistoryFilter, limit: int = 1000) -> list[HistoryEvent]:
        return self.page(where, 1, limit).records

    def for_download(self, download_id: str) -> list[HistoryEvent]:
        """The events of one download (the grab tells which items it was for)."""
        return self.find(HistoryFilter(download_id=download_id), limit=10_000)

    def get(self, event_id: int) -> HistoryEvent | None:
        with self._db.session() as session:
            row = session.get(HistoryRow, event_id)
            return HistoryEvent.from_row(row) if row else None

    def mark_failed(self, event_id: int) -> HistoryEvent | None:
        """The originals' 'mark as failed': a downloadFailed event for the same grab."""
        grabbed = self.get(event_id)
        if grabbed is None:
            return None
        [failed] = self.add(
            [
                NewHistoryEvent(
                    event_type=HistoryEventType.DOWNLOAD_FAILED,
                    item_id=grabbed.item_id,
                    child_id=grabbed.child_id,
                    source_title=grabbed.source_title,
                    quality=grabbed.quality,
                    languages=grabbed.languages,
                    download_id=grabbed.download_id,
                    data={"message": "Manually marked as failed"},
                )
            ]
        )
        return failed
