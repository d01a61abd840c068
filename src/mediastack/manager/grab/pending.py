"""Pending releases: what a delay profile holds back, kept until the delay is over.

A release younger than its protocol's delay is not thrown away (the originals' pending
releases): it is stored with the items it is for, shown in the queue with status
``delay`` until ``estimatedCompletionTime``, judged again by every RSS sync (the indexer
may never offer it again), grabbed once the delay is over if it is still the best, and
dropped when a release at least as good was grabbed for its items or it is no longer
wanted. The indexer's release is stored whole so it can be judged and grabbed as if the
indexer had just offered it. Each domain's migrations build ``pending_releases`` with its
own subject table (``domain_tables.create_pending_releases_table``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database, UTCDateTime
from mediastack.manager.db import ManagerBase
from mediastack.manager.download_clients.base import DownloadItemStatus
from mediastack.manager.download_clients.tracking import (
    QueueEntry,
    TrackedDownloadState,
    TrackedDownloadStatus,
)
from mediastack.manager.history import HistoryEvent, HistoryEventType
from mediastack.manager.indexers.models import IndexerFlag, ReleaseInfo


class PendingReason(StrEnum):
    """Why a release waits; the queue shows it as the item's ``status``."""

    DELAY = "delay"


class PendingReleaseRow(ManagerBase):
    __tablename__ = "pending_releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    item_ids: Mapped[list[int]] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(1000))
    indexer_id: Mapped[int | None] = mapped_column(Integer)
    publish_date: Mapped[datetime] = mapped_column(UTCDateTime)
    added: Mapped[datetime] = mapped_column(UTCDateTime)
    delay_until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(50))
    release: Mapped[dict[str, Any]] = mapped_column(JSON)
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    custom_formats: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer)


# ---- the indexer's release as JSON ------------------------------------------------------

_DATES = ("publish_date", "usenet_date")


def release_json(release: ReleaseInfo) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(release):
        value = getattr(release, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, timedelta):
            value = value.total_seconds()
        elif isinstance(value, frozenset):
            value = sorted(str(v) for v in value)
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = {k: list(v) for k, v in value.items()}
        out[f.name] = value
    return out


def release_from_json(data: Mapping[str, Any]) -> ReleaseInfo:
    known = {f.name for f in fields(ReleaseInfo)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _DATES:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    if values.get("minimum_seed_time") is not None:
        values["minimum_seed_time"] = timedelta(seconds=float(values["minimum_seed_time"]))
    values["flags"] = frozenset(IndexerFlag(f) for f in values.get("flags") or ())
    for name in ("categories", "languages", "subtitles"):
        values[name] = tuple(values.get(name) or ())
    values["attributes"] = {k: tuple(v) for k, v in (values.get("attributes") or {}).items()}
    return ReleaseInfo(**values)


# ---- records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewPendingRelease:
    subject_id: int
    item_ids: tuple[int, ...]
    release: ReleaseInfo
    delay_until: datetime
    quality: dict[str, Any]
    languages: list[dict[str, Any]]
    custom_formats: list[dict[str, Any]]
    custom_format_score: int
    reason: PendingReason = PendingReason.DELAY


@dataclass(frozen=True, slots=True)
class PendingRelease:
    id: int
    subject_id: int
    item_ids: tuple[int, ...]
    release: ReleaseInfo
    added: datetime
    delay_until: datetime
    reason: PendingReason
    quality: dict[str, Any]
    languages: list[dict[str, Any]]
    custom_formats: list[dict[str, Any]]
    custom_format_score: int

    @property
    def key(self) -> tuple[int | None, str]:
        """The indexer's identity of the release (an RSS sync may offer it again)."""
        return self.release.indexer_id, self.release.guid

    def queue_id(self, item_id: int) -> int:
        """The queue record's id: stable while the release waits, never a download's
        (those hash ``client:download:item``)."""
        return zlib.crc32(f"pending-{self.id}-item{item_id}".encode()) & 0x7FFFFFFF

    def queue_entry(self, now: datetime) -> QueueEntry:
        """The release as a queue row: status ``delay`` until the delay is over."""
        left = max(0.0, (self.delay_until - now).total_seconds())
        size = self.release.size or 0
        return QueueEntry(
            client_id=0,
            client_name="",
            protocol=self.release.protocol,
            download_id="",
            title=self.release.title,
            category=None,
            size=size,
            size_left=size,
            progress=0.0,
            time_left=left,
            estimated_completion_time=self.delay_until,
            client_status=DownloadItemStatus.DELAY,
            state=TrackedDownloadState.DOWNLOADING,
            status=TrackedDownloadStatus.OK,
            status_messages=(),
            error_message=None,
            output_path=None,
        )

    def as_grab(self, item_id: int) -> HistoryEvent:
        """What the queue reads from a grab (quality, languages, formats, when, indexer),
        from the pending release; it has no download yet."""
        return HistoryEvent(
            id=0,
            event_type=HistoryEventType.GRABBED,
            item_id=self.subject_id,
            child_id=item_id,
            source_title=self.release.title,
            quality=self.quality,
            languages=self.languages,
            custom_formats=self.custom_formats,
            custom_format_score=self.custom_format_score,
            download_id=None,
            date=self.added,
            data={"indexer": self.release.indexer},
        )


def _record(row: PendingReleaseRow) -> PendingRelease:
    return PendingRelease(
        id=row.id,
        subject_id=row.subject_id,
        item_ids=tuple(int(i) for i in row.item_ids),
        release=release_from_json(row.release),
        added=row.added,
        delay_until=row.delay_until,
        reason=PendingReason(row.reason),
        quality=dict(row.quality),
        languages=list(row.languages),
        custom_formats=list(row.custom_formats),
        custom_format_score=row.custom_format_score,
    )


class PendingStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def all(self) -> list[PendingRelease]:
        with self._db.session() as session:
            rows = session.execute(select(PendingReleaseRow).order_by(PendingReleaseRow.id))
            return [_record(r) for r in rows.scalars()]

    def add(self, entries: Iterable[NewPendingRelease], now: datetime) -> list[int]:
        """Store each release not already waiting (the same title, publish date and
        indexer: the originals' match); one already waiting gets the new delay and items.
        Returns the ids of the releases now waiting."""
        ids: list[int] = []
        with self._db.session() as session:
            for entry in entries:
                release = entry.release
                row = session.execute(
                    select(PendingReleaseRow).where(
                        PendingReleaseRow.subject_id == entry.subject_id,
                        PendingReleaseRow.title == release.title,
                        PendingReleaseRow.publish_date == release.publish_date,
                        PendingReleaseRow.indexer_id.is_(None)
                        if release.indexer_id is None
                        else PendingReleaseRow.indexer_id == release.indexer_id,
                    )
                ).scalar()
                if row is None:
                    row = PendingReleaseRow(
                        subject_id=entry.subject_id,
                        title=release.title,
                        indexer_id=release.indexer_id,
                        publish_date=release.publish_date,
                        added=now,
                    )
                    session.add(row)
                row.item_ids = sorted(entry.item_ids)
                row.delay_until = entry.delay_until
                row.reason = entry.reason.value
                row.release = release_json(release)
                row.quality = entry.quality
                row.languages = entry.languages
                row.custom_formats = entry.custom_formats
                row.custom_format_score = entry.custom_format_score
                session.flush()
                ids.append(row.id)
        return ids

    def delete(self, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        with self._db.session() as session:
            result = session.execute(
                delete(PendingReleaseRow).where(PendingReleaseRow.id.in_(list(ids)))
            )
            return int(getattr(result, "rowcount", 0) or 0)
