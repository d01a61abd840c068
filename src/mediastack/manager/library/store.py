"""What every library store does with its table of items (series, movies, artists).

The item tables share their folder columns (``ItemColumns``); reading their paths, ids and
tags, applying a client's edit, deleting an item with the rows that hang off it, paging a
``wanted`` query with one ``COUNT`` and setting monitored flags in bulk are the same
statements for each media kind, written here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediastack.core.db import Database
from mediastack.manager.library.records import apply_changes
from mediastack.manager.library.rows import ItemColumns

RowT = TypeVar("RowT", bound=ItemColumns)


class ItemStore(Generic[RowT]):
    #: the item table's row class
    row: ClassVar[type[ItemColumns]]
    #: the owner columns of the rows deleted with an item (``EpisodeRow.series_id``, ...)
    children: ClassVar[tuple[InstrumentedAttribute[int], ...]] = ()

    def __init__(self, database: Database) -> None:
        self._db = database

    def paths(self) -> set[str]:
        with self._db.session() as session:
            return set(session.execute(select(self.row.path)).scalars())

    def ids(self) -> list[int]:
        with self._db.session() as session:
            return list(session.execute(select(self.row.id).order_by(self.row.id)).scalars())

    def tagged_items(self) -> dict[int, list[int]]:
        """Tag id -> the items carrying it, without loading the items."""
        tagged: dict[int, list[int]] = {}
        with self._db.session() as session:
            for item_id, tags in session.execute(select(self.row.id, self.row.tags)):
                for tag in tags or []:
                    tagged.setdefault(int(tag), []).append(item_id)
        return tagged

    def path_taken(self, session: Session, path: str) -> bool:
        return (
            session.execute(select(self.row.id).where(self.row.path == path)).scalar() is not None
        )

    def update(self, item_id: int, changes: Mapping[str, Any]) -> bool:
        """Change user-owned fields (``monitored``, ``tags``, ``path``, ...)."""
        with self._db.session() as session:
            row = session.get(self.row, item_id)
            if row is None:
                return False
            apply_changes(row, changes)
            return True

    def delete(self, item_id: int) -> bool:
        """Forget an item and every row that hangs off it."""
        with self._db.session() as session:
            row = session.get(self.row, item_id)
            if row is None:
                return False
            for owner in self.children:
                session.execute(delete(owner.class_).where(owner == item_id))
            session.delete(row)
            return True


def page_of(
    session: Session,
    query: Select[Any],
    page: int,
    page_size: int,
    *order: Any,
) -> tuple[int, list[Any]]:
    """One page of ``query``'s rows in ``order`` and how many there are in all (P8: the
    count is one ``COUNT``, dashboards ask for it with ``pageSize=1``)."""
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(*order).offset((page - 1) * page_size).limit(page_size)
    ).scalars()
    return int(total), list(rows)


def set_monitored(
    session: Session,
    key: InstrumentedAttribute[int],
    flag: InstrumentedAttribute[bool],
    states: Mapping[int, bool],
    *where: ColumnElement[bool],
) -> None:
    """Set ``flag`` per row as ``states`` says (two statements, whatever the count)."""
    for wanted in (True, False):
        ids = [k for k, v in states.items() if v is wanted]
        if ids:
            session.execute(update(key.class_).where(*where, key.in_(ids)).values({flag: wanted}))


def set_all_monitored(
    database: Database,
    key: InstrumentedAttribute[int],
    flag: InstrumentedAttribute[bool],
    ids: Iterable[int],
    monitored: bool,
) -> list[int]:
    """Set ``flag`` on the rows with these ids; the ids that exist come back."""
    wanted = list(ids)
    with database.session() as session:
        found: Sequence[int] = session.execute(select(key).where(key.in_(wanted))).scalars().all()
        if found:
            session.execute(update(key.class_).where(key.in_(found)).values({flag: monitored}))
        return list(found)
