"""Blocklisted releases: never grabbed again for the same item.

A release is blocklisted when its download failed or when the user removes it from the
queue with "blocklist" on. It is matched again by title and indexer (Usenet posts are
re-indexed under new guids, so the guid is useless) or, for torrents, by info-hash, which
catches the same torrent offered by another tracker. Entries are per library item
(``item_id``: the series), as in the originals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import JSON, BigInteger, Integer, String, Text, delete, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database, UTCDateTime, utcnow
from mediastack.manager.db import ManagerBase


class BlocklistRow(ManagerBase):
    __tablename__ = "blocklist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer)
    child_ids: Mapped[list[int]] = mapped_column(JSON)
    source_title: Mapped[str] = mapped_column(Text)
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    custom_formats: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    protocol: Mapped[str] = mapped_column(String(20))
    indexer: Mapped[str | None] = mapped_column(String(200))
    torrent_info_hash: Mapped[str | None] = mapped_column(String(64))
    published_date: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    message: Mapped[str | None] = mapped_column(Text)
    date: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class NewBlocklistEntry:
    item_id: int
    child_ids: tuple[int, ...]
    source_title: str
    protocol: str
    indexer: str | None = None
    torrent_info_hash: str | None = None
    published_date: datetime | None = None
    size: int | None = None
    message: str | None = None
    quality: dict[str, Any] = field(default_factory=dict)  # the API's QualityModel shape
    languages: list[dict[str, Any]] = field(default_factory=list)
    custom_formats: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BlocklistEntry:
    id: int
    item_id: int
    child_ids: tuple[int, ...]
    source_title: str
    protocol: str
    indexer: str | None
    torrent_info_hash: str | None
    published_date: datetime | None
    size: int | None
    message: str | None
    quality: dict[str, Any]
    languages: list[dict[str, Any]]
    custom_formats: list[dict[str, Any]]
    date: datetime
    data: dict[str, Any]

    @classmethod
    def from_row(cls, row: BlocklistRow) -> BlocklistEntry:
        return cls(
            id=row.id,
            item_id=row.item_id,
            child_ids=tuple(row.child_ids),
            source_title=row.source_title,
            protocol=row.protocol,
            indexer=row.indexer,
            torrent_info_hash=row.torrent_info_hash,
            published_date=row.published_date,
            size=row.size,
            message=row.message,
            quality=dict(row.quality),
            languages=list(row.languages),
            custom_formats=list(row.custom_formats),
            date=row.date,
            data=dict(row.data),
        )


@dataclass(frozen=True, slots=True)
class BlocklistPage:
    total: int
    records: list[BlocklistEntry]


_SORTS = {
    "date": BlocklistRow.date,
    "sourcetitle": BlocklistRow.source_title,
    "indexer": BlocklistRow.indexer,
    "id": BlocklistRow.id,
}


#: Per database: the item ids that have any blocklist entry, and when that was read. A
#: search checks thousands of releases, and most items have no entry: those need no query.
#: Writes through any store of the process clear it; other replicas' writes are seen
#: after ``ITEMS_TTL_SECONDS``.
_BLOCKED_ITEMS: WeakKeyDictionary[Database, tuple[float, frozenset[int]]] = WeakKeyDictionary()
_BLOCKED_LOCK = threading.Lock()
ITEMS_TTL_SECONDS = 5.0


class BlocklistStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def _forget_items(self) -> None:
        with _BLOCKED_LOCK:
            _BLOCKED_ITEMS.pop(self._db, None)

    def _blocked_items(self) -> frozenset[int]:
        with _BLOCKED_LOCK:
            cached = _BLOCKED_ITEMS.get(self._db)
        if cached is not None and time.monotonic() - cached[0] < ITEMS_TTL_SECONDS:
            return cached[1]
        with self._db.engine.connect() as connection:
            items = frozenset(connection.execute(select(BlocklistRow.item_id).distinct()).scalars())
        with _BLOCKED_LOCK:
            _BLOCKED_ITEMS[self._db] = (time.monotonic(), items)
        return items

    def add(self, entry: NewBlocklistEntry) -> BlocklistEntry:
        with self._db.session() as session:
            row = BlocklistRow(
                item_id=entry.item_id,
                child_ids=list(entry.child_ids),
                source_title=entry.source_title,
                quality=entry.quality,
                languages=entry.languages,
                custom_formats=entry.custom_formats,
                protocol=entry.protocol,
                indexer=entry.indexer,
                torrent_info_hash=(entry.torrent_info_hash or None)
                and entry.torrent_info_hash.lower(),
                published_date=entry.published_date,
                size=entry.size,
                message=entry.message,
                date=utcnow(),
                data=entry.data,
            )
            session.add(row)
            session.flush()
            added = BlocklistEntry.from_row(row)
        self._forget_items()
        return added

    def is_blocklisted(
        self,
        item_id: int,
        title: str,
        indexer: str | None,
        info_hash: str | None = None,
    ) -> bool:
        """Same title from the same indexer, or (torrents) the same info-hash."""
        if item_id not in self._blocked_items():
            return False
        same_title = BlocklistRow.source_title == title
        if indexer:
            same_title = same_title & (
                (BlocklistRow.indexer == indexer) | BlocklistRow.indexer.is_(None)
            )
        match = [same_title]
        if info_hash:
            match.append(BlocklistRow.torrent_info_hash == info_hash.lower())
        query = select(BlocklistRow.id).where(BlocklistRow.item_id == item_id, or_(*match)).limit(1)
        with self._db.session() as session:
            return session.execute(query).scalar() is not None

    def page(
        self,
        page: int = 1,
        page_size: int = 20,
        sort_key: str = "date",
        ascending: bool = False,
        item_ids: Iterable[int] = (),
        protocols: Iterable[str] = (),
    ) -> BlocklistPage:
        where: list[Any] = []
        ids = list(item_ids)
        if ids:
            where.append(BlocklistRow.item_id.in_(ids))
        wanted = list(protocols)
        if wanted:
            where.append(BlocklistRow.protocol.in_(wanted))
        column = _SORTS.get(sort_key.lower().rsplit(".", 1)[-1], BlocklistRow.date)
        order = column.asc() if ascending else column.desc()
        with self._db.session() as session:
            total = session.execute(
                select(func.count()).select_from(BlocklistRow).where(*where)
            ).scalar_one()
            rows = session.execute(
                select(BlocklistRow)
                .where(*where)
                .order_by(order, BlocklistRow.id.desc())
                .offset(max(page - 1, 0) * page_size)
                .limit(page_size)
            ).scalars()
            return BlocklistPage(int(total), [BlocklistEntry.from_row(r) for r in rows])

    def get(self, entry_id: int) -> BlocklistEntry | None:
        with self._db.session() as session:
            row = session.get(BlocklistRow, entry_id)
            return BlocklistEntry.from_row(row) if row else None

    def delete(self, entry_ids: Iterable[int]) -> int:
        ids = list(entry_ids)
        if not ids:
            return 0
        with self._db.session() as session:
            result = session.execute(delete(BlocklistRow).where(BlocklistRow.id.in_(ids)))
        self._forget_items()
        return int(getattr(result, "rowcount", 0) or 0)

    def delete_for_item(self, item_id: int) -> int:
        """Housekeeping when a series is deleted."""
        with self._db.session() as session:
            result = session.execute(delete(BlocklistRow).where(BlocklistRow.item_id == item_id))
        self._forget_items()
        return int(getattr(result, "rowcount", 0) or 0)
