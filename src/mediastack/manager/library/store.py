"""What every library store does with its table of items (series, movies, artists).

The item tables share their folder columns (``ItemColumns``); reading their paths, ids and
tags, applying a client's edit, deleting an item with the rows that hang off it, paging a
``wanted`` query with one ``COUNT`` and setting monitored flags in bulk are the same
statements for each media kind, written here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediastack.core.db import Database, utcnow
from mediastack.manager.library.records import apply_changes
from mediastack.manager.library.rows import ItemColumns

RowT = TypeVar("RowT", bound=ItemColumns)
T = TypeVar("T")


class ItemOptions(Protocol):
    """What the user chose when adding an item (``SeriesOptions``, ...)."""

    @property
    def path(self) -> str: ...

    @property
    def root_folder_path(self) -> str: ...

    @property
    def quality_profile_id(self) -> int: ...

    @property
    def monitored(self) -> bool: ...

    @property
    def tags(self) -> list[int]: ...

    @property
    def extra(self) -> dict[str, Any]: ...


class ItemStore(Generic[RowT]):
    #: the item table's row class
    row: ClassVar[type[ItemColumns]]
    #: the owner columns of the rows deleted with an item (``EpisodeRow.series_id``, ...)
    children: ClassVar[tuple[InstrumentedAttribute[int], ...]] = ()
    #: what an item is called in messages ("series") and the error an add that clashes raises
    what: ClassVar[str]
    exists_error: ClassVar[type[Exception]]

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

    def new_row(
        self, session: Session, options: ItemOptions, same: ColumnElement[bool], **own: Any
    ) -> RowT:
        """A row for an item being added, with the user's choices (``own``: the domain's
        columns); refused when an item ``same`` finds exists or its folder is taken."""
        if session.execute(select(self.row.id).where(same).limit(1)).scalar() is not None:
            raise self.exists_error(f"This {self.what} has already been added")
        if self.path_taken(session, options.path):
            message = f"Path '{options.path}' is already used by another {self.what}"
            raise self.exists_error(message)
        row = cast("RowT", self.row())
        chosen = {
            "monitored": options.monitored,
            "quality_profile_id": options.quality_profile_id,
            "path": options.path,
            "root_folder_path": options.root_folder_path,
            "tags": list(options.tags),
            "added": utcnow(),
            "extra": dict(options.extra),
        }
        apply_changes(row, chosen | own)
        return row

    def edit(self, item_id: int, change: Callable[[RowT], object]) -> bool:
        """Apply ``change`` to the item's row; False if there is no such item."""
        return edit_row(self._db, cast("type[RowT]", self.row), item_id, change)

    def update(self, item_id: int, changes: Mapping[str, Any]) -> bool:
        """Change user-owned fields (``monitored``, ``tags``, ``path``, ...)."""
        return self.edit(item_id, lambda row: apply_changes(row, changes))

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


def edit_row(
    database: Database, table: type[T], row_id: int, change: Callable[[T], object]
) -> bool:
    """Apply ``change`` to one row in its own transaction; False if there is no such row."""
    with database.session() as session:
        row = session.get(table, row_id)
        if row is None:
            return False
        change(row)
        return True


def narrowed(query: Select[Any], *filters: tuple[Any, object]) -> Select[Any]:
    """``query`` kept to the rows whose column equals each value given, or is among the
    values of a collection; ``None`` filters nothing (the stores' optional arguments)."""
    for column, value in filters:
        if value is None:
            continue
        if isinstance(value, Iterable) and not isinstance(value, str | bytes):
            query = query.where(column.in_(list(value)))
        else:
            query = query.where(column == value)
    return query


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
