"""Import list exclusions: items the user removed and does not want added back.

Stored generically (the external id as text: a TVDB id, a TMDB id, a MusicBrainz id) so
each domain's router can speak its original's field names.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase


class ImportListExclusionRow(ManagerBase):
    __tablename__ = "import_list_exclusions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True, slots=True)
class Exclusion:
    id: int
    external_id: str
    title: str
    year: int = 0


def _model(row: ImportListExclusionRow) -> Exclusion:
    return Exclusion(row.id, row.external_id, row.title, row.year)


class ExclusionExistsError(ValueError):
    pass


class ImportListExclusionStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def count(self) -> int:
        with self._db.session() as session:
            return int(session.execute(select(func.count(ImportListExclusionRow.id))).scalar_one())

    def page(
        self, offset: int = 0, limit: int | None = None, newest_first: bool = True
    ) -> list[Exclusion]:
        order = ImportListExclusionRow.id.desc() if newest_first else ImportListExclusionRow.id
        query = select(ImportListExclusionRow).order_by(order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._db.session() as session:
            return [_model(r) for r in session.execute(query).scalars()]

    def get(self, exclusion_id: int) -> Exclusion | None:
        with self._db.session() as session:
            row = session.get(ImportListExclusionRow, exclusion_id)
            return _model(row) if row else None

    def find(self, external_id: str) -> Exclusion | None:
        with self._db.session() as session:
            row = session.execute(
                select(ImportListExclusionRow).where(
                    ImportListExclusionRow.external_id == external_id
                )
            ).scalar_one_or_none()
            return _model(row) if row else None

    def save(
        self, exclusion_id: int | None, external_id: str, title: str, year: int = 0
    ) -> Exclusion | None:
        """Add (``exclusion_id`` None) or change one; one exclusion per external id."""
        clash = self.find(external_id)
        if clash is not None and clash.id != exclusion_id:
            raise ExclusionExistsError("This exclusion has already been added.")
        with self._db.session() as session:
            row = (
                ImportListExclusionRow()
                if exclusion_id is None
                else session.get(ImportListExclusionRow, exclusion_id)
            )
            if row is None:
                return None
            row.external_id, row.title, row.year = external_id, title, year
            if exclusion_id is None:
                session.add(row)
            session.flush()
            return _model(row)

    def delete(self, exclusion_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(ImportListExclusionRow, exclusion_id)
            if row is None:
                return False
            session.delete(row)
            return True
