"""RSS cursors in the database, so a restart does not read (and grab) the same feed again.

Implements the indexer layer's ``RssCursorStore`` protocol; the table belongs to the
manager engine's migrations (``manager_0006``), so every media kind keeps its cursors there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database, UTCDateTime
from mediastack.manager.db import ManagerBase
from mediastack.manager.indexers.rss import RssCursor
from mediastack.manager.indexers.status import IndexerKey


class RssCursorRow(ManagerBase):
    __tablename__ = "rss_cursors"

    indexer_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    newest_publish_date: Mapped[datetime] = mapped_column(UTCDateTime())
    seen_guids: Mapped[list[str]] = mapped_column(JSON)


class DbRssCursorStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def get(self, key: IndexerKey) -> RssCursor | None:
        with self._db.session() as session:
            row = session.get(RssCursorRow, str(key))
            if row is None:
                return None
            return RssCursor(row.newest_publish_date, frozenset(row.seen_guids))

    def put(self, key: IndexerKey, cursor: RssCursor) -> None:
        with self._db.session() as session:
            row = session.get(RssCursorRow, str(key))
            if row is None:
                row = RssCursorRow(indexer_key=str(key))
                session.add(row)
            row.newest_publish_date = cursor.newest_publish_date
            row.seen_guids = sorted(cursor.seen_guids)
