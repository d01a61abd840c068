"""Tags: labels users hang on series, indexers, clients and profiles to scope them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase


class TagRow(ManagerBase):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    label: str


class TagLabelError(ValueError):
    pass


def normalise_label(label: str) -> str:
    """Labels are compared and stored in lower case, as the originals do."""
    cleaned = label.strip().lower()
    if not cleaned:
        raise TagLabelError("Label must not be empty")
    return cleaned


class TagStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def list(self) -> list[Tag]:
        with self._db.session() as session:
            rows = session.execute(select(TagRow).order_by(TagRow.id)).scalars()
            return [Tag(r.id, r.label) for r in rows]

    def get(self, tag_id: int) -> Tag | None:
        with self._db.session() as session:
            row = session.get(TagRow, tag_id)
            return Tag(row.id, row.label) if row else None

    def add(self, label: str) -> Tag:
        """Create a tag, or return the existing one with that label (clients re-add freely)."""
        cleaned = normalise_label(label)
        with self._db.session() as session:
            existing = session.execute(select(TagRow).where(TagRow.label == cleaned)).scalar()
            if existing is not None:
                return Tag(existing.id, existing.label)
            row = TagRow(label=cleaned)
            session.add(row)
            session.flush()
            return Tag(row.id, row.label)

    def rename(self, tag_id: int, label: str) -> Tag | None:
        cleaned = normalise_label(label)
        try:
            with self._db.session() as session:
                row = session.get(TagRow, tag_id)
                if row is None:
                    return None
                row.label = cleaned
                return Tag(row.id, row.label)
        except IntegrityError as exc:
            raise TagLabelError(f"A tag named '{cleaned}' already exists") from exc

    def delete(self, tag_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(TagRow, tag_id)
            if row is None:
                return False
            session.delete(row)
            return True
