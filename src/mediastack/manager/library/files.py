"""A domain's file rows, the items they fill and the import details beside them.

TV and music keep many files per library item: each file row belongs to the item
(``series_id``, ``artist_id``), the items it fills point at it (``episodes.episode_file_id``,
``tracks.track_file_id``) and a details row keeps what only an import knows. Finding what
items already have, replacing a file, writing an imported one and forgetting one that is
gone from disk are the same steps for both; a domain describes its tables once and adds
only the columns that are its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediastack.core.db import Database, utcnow
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.quality import stored_quality
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.library.model import MediaFile
from mediastack.manager.library.rows import FileDetailColumns, MediaFileColumns
from mediastack.manager.parser.model import App

FileRowT = TypeVar("FileRowT", bound=MediaFileColumns)


class Found(Protocol):
    """A file a scan found (only its place and size matter here)."""

    @property
    def relative_path(self) -> str: ...

    @property
    def size(self) -> int: ...


FoundT = TypeVar("FoundT", bound=Found)


class Scanned(Found, Protocol):
    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class FileTables(Generic[FileRowT]):
    app: App  # whose quality catalogue stored qualities are read with
    files: type[FileRowT]  # EpisodeFileRow
    owner: InstrumentedAttribute[int]  # EpisodeFileRow.series_id
    items: type[Any]  # EpisodeRow (with an ``id``)
    link: InstrumentedAttribute[int | None]  # EpisodeRow.episode_file_id
    details: type[FileDetailColumns]  # EpisodeFileDetailRow

    def existing(self, database: Database, files: Sequence[MediaFile]) -> list[ExistingFile]:
        """``files`` as the import decisions compare them: with the full quality, the
        score and the source an import recorded (a file found by a rescan has none)."""
        if not files:
            return []
        with database.session() as session:
            rows = session.execute(
                select(self.details).where(self.details.file_id.in_([f.id for f in files]))
            ).scalars()
            details = {r.file_id: (r.quality, r.custom_format_score, r.source_path) for r in rows}
        out = []
        for file in files:
            quality_json, score, source = details.get(file.id, ({}, 0, None))
            quality, revision = stored_quality(self.app, quality_json, file.quality)
            out.append(
                ExistingFile(file.path, quality, revision, score, file.id, file.size, source)
            )
        return out

    def unlink(self, session: Session, row: FileRowT) -> None:
        """Forget one file row: its items lose their file, its details go with it."""
        session.execute(update(self.items).where(self.link == row.id).values({self.link: None}))
        detail = session.get(self.details, row.id)
        if detail is not None:
            session.delete(detail)
        session.delete(row)

    def reconcile(
        self,
        session: Session,
        owner_id: int,
        found: Sequence[FoundT],
        forget: Callable[[FileRowT], object],
    ) -> tuple[list[FoundT], int]:
        """Bring the owner's file rows in line with a scan: a row whose file is gone is
        handed to ``forget`` (usually :meth:`unlink`), a file still there keeps its row
        (and id) with its size refreshed. Returns the files without a row yet and how
        many rows went."""
        rows = {
            r.relative_path: r
            for r in session.execute(select(self.files).where(self.owner == owner_id)).scalars()
        }
        seen = {f.relative_path for f in found}
        gone = [row for path, row in rows.items() if path not in seen]
        for row in gone:
            forget(row)
        new: list[FoundT] = []
        for file in found:
            kept = rows.get(file.relative_path)
            if kept is None:
                new.append(file)
            else:
                kept.size = file.size
        return new, len(gone)

    def scanned_row(
        self, session: Session, owner_id: int, file: Scanned, quality: str, **own: Any
    ) -> FileRowT:
        """A new row for a file a rescan placed: what its name or tags tell (``quality``)
        and nothing only an import knows; ``own`` sets the domain's columns."""
        row = self.files()
        columns = {
            self.owner.key: owner_id,
            "relative_path": file.relative_path,
            "path": file.path,
            "size": file.size,
            "date_added": utcnow(),
            "scene_name": None,
            "release_group": None,
            "quality": quality,
        }
        for key, value in (columns | own).items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        return row

    def replace(self, session: Session, record: ImportRecord) -> None:
        """Forget the file rows an import replaced (their files are recycled already)."""
        for file_id in (int(r["id"]) for r in record.replaced):
            row = session.get(self.files, file_id)
            if row is not None:
                self.unlink(session, row)
        session.flush()

    def imported_row(self, session: Session, record: ImportRecord) -> FileRowT:
        """The row for an imported file: the one already at its place (a re-import keeps
        its id) or a new one, with the file's facts set; the caller adds its own columns
        and calls :meth:`finish`."""
        row = session.execute(
            select(self.files).where(
                self.owner == record.subject_id,
                self.files.relative_path == record.relative_path,
            )
        ).scalar()
        if row is None:
            row = self.files()
            row.date_added = utcnow()
            setattr(row, self.owner.key, record.subject_id)
            session.add(row)
        row.relative_path = record.relative_path
        row.path = record.destination
        row.size = record.size
        row.scene_name = record.scene_name
        row.release_group = record.release_group
        row.quality = record.quality_name
        return row

    def finish(self, session: Session, row: FileRowT, record: ImportRecord) -> int:
        """Record the import's details of ``row`` and point the imported items at it."""
        session.flush()
        detail = session.get(self.details, row.id)
        if detail is None:
            detail = self.details()
            detail.file_id = row.id
            session.add(detail)
        detail.quality = record.quality
        detail.custom_format_score = record.custom_format_score
        detail.source_path = record.source
        detail.download_id = record.download_id
        session.execute(
            update(self.items).where(self.items.id.in_(record.item_ids)).values({self.link: row.id})
        )
        return row.id
