"""Reading and writing the movie library.

Listing every movie with its file costs two queries whatever the library size, because
dashboards poll ``GET /movie``; ``wanted/missing`` pages in SQL with one ``COUNT``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediastack.core.db import utcnow
from mediastack.manager.library.records import copy_fields, from_row
from mediastack.manager.library.slugs import slugify, sort_title
from mediastack.manager.library.store import ItemStore, narrowed, page_of
from mediastack.movies.library.model import FoundMovieFile, Movie, MovieFile, MovieOptions
from mediastack.movies.library.rows import MovieFileRow, MovieRow
from mediastack.movies.metadata.models import MovieInfo, ReleaseDates


class MovieExistsError(ValueError):
    """The movie (or its folder) is already in the library."""


def _file(row: MovieFileRow) -> MovieFile:
    return from_row(
        MovieFile,
        row,
        quality_model=dict(row.quality_model) if row.quality_model else None,
        custom_format_score=row.custom_format_score or 0,
        media_info=dict(row.media_info) if row.media_info else None,
    )


def _movie(row: MovieRow, file: MovieFile | None) -> Movie:
    dates = ReleaseDates(row.in_cinemas, row.digital_release, row.physical_release)
    return from_row(Movie, row, dates=dates, file=file)


#: what TMDB owns of a movie, stored as it comes
PROVIDER_FIELDS = (
    "tmdb_id", "title", "original_title", "original_language", "tmdb_status", "overview",
    "year", "runtime", "genres", "studio", "website", "certification", "rating", "votes",
    "popularity", "poster_url", "fanart_url", "youtube_trailer_id", "collection_tmdb_id",
    "collection_title", "alternate_titles",
)  # fmt: skip


def _apply_info(row: MovieRow, info: MovieInfo) -> None:
    """Provider-owned fields; a search result (incomplete) never blanks stored details."""
    copy_fields(row, info, PROVIDER_FIELDS)
    row.imdb_id = info.imdb_id or row.imdb_id
    row.sort_title = sort_title(info.title)
    row.in_cinemas = info.dates.in_cinemas
    row.digital_release = info.dates.digital
    row.physical_release = info.dates.physical
    row.last_info_sync = utcnow()


# ``sortKey`` spellings clients send (Radarr's UI prefixes ``movieMetadata.``) -> column.
_SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "title": MovieRow.sort_title,
    "sorttitle": MovieRow.sort_title,
    "incinemas": MovieRow.in_cinemas,
    "digitalrelease": MovieRow.digital_release,
    "physicalrelease": MovieRow.physical_release,
    "year": MovieRow.year,
    "added": MovieRow.added,
    "runtime": MovieRow.runtime,
}


def sort_column(sort_key: str) -> InstrumentedAttribute[Any]:
    return _SORT_COLUMNS.get(sort_key.rsplit(".", 1)[-1].lower(), MovieRow.sort_title)


class MovieStore(ItemStore[MovieRow]):
    row = MovieRow
    children = (MovieFileRow.movie_id,)
    what = "movie"
    exists_error = MovieExistsError

    # Reading ----------------------------------------------------------------------------

    def _load(self, session: Session, rows: Sequence[MovieRow]) -> list[Movie]:
        ids = [r.id for r in rows]
        files: dict[int, MovieFile] = {}
        if ids:
            query = select(MovieFileRow)
            if len(ids) < 500:
                query = query.where(MovieFileRow.movie_id.in_(ids))
            files = {f.movie_id: _file(f) for f in session.execute(query).scalars()}
        return [_movie(r, files.get(r.id)) for r in rows]

    def all(self) -> list[Movie]:
        with self._db.session() as session:
            rows = session.execute(select(MovieRow).order_by(MovieRow.sort_title)).scalars()
            return self._load(session, list(rows))

    def get(self, movie_id: int) -> Movie | None:
        with self._db.session() as session:
            row = session.get(MovieRow, movie_id)
            return self._load(session, [row])[0] if row else None

    def many(self, movie_ids: Iterable[int]) -> list[Movie]:
        with self._db.session() as session:
            rows = session.execute(
                select(MovieRow).where(MovieRow.id.in_(list(movie_ids))).order_by(MovieRow.id)
            ).scalars()
            return self._load(session, list(rows))

    def find(self, tmdb_id: int | None = None, imdb_id: str | None = None) -> Movie | None:
        if tmdb_id is not None:
            where: ColumnElement[bool] = MovieRow.tmdb_id == tmdb_id
        elif imdb_id:
            where = MovieRow.imdb_id == imdb_id
        else:
            return None
        with self._db.session() as session:
            row = session.execute(select(MovieRow).where(where).limit(1)).scalar()
            return self._load(session, [row])[0] if row else None

    def by_tmdb_ids(self, tmdb_ids: Iterable[int]) -> dict[int, Movie]:
        """Library movies among provider results, in one query (lookup marks them)."""
        wanted = list(set(tmdb_ids))
        if not wanted:
            return {}
        with self._db.session() as session:
            rows = list(
                session.execute(select(MovieRow).where(MovieRow.tmdb_id.in_(wanted))).scalars()
            )
            return {m.tmdb_id: m for m in self._load(session, rows)}

    def files(
        self, movie_id: int | None = None, file_ids: Iterable[int] | None = None
    ) -> list[MovieFile]:
        query = narrowed(
            select(MovieFileRow).order_by(MovieFileRow.id),
            (MovieFileRow.movie_id, movie_id),
            (MovieFileRow.id, file_ids),
        )
        with self._db.session() as session:
            return [_file(r) for r in session.execute(query).scalars()]

    def missing(
        self, page: int, page_size: int, sort_key: str, descending: bool, monitored: bool
    ) -> tuple[int, list[Movie]]:
        """``wanted/missing``: movies without a file, one page, with one ``COUNT``."""
        has_file = select(MovieFileRow.movie_id).where(MovieFileRow.movie_id == MovieRow.id)
        where = [~has_file.exists(), MovieRow.monitored.is_(monitored)]
        column = sort_column(sort_key)
        order = column.desc() if descending else column.asc()
        with self._db.session() as session:
            query = select(MovieRow).where(*where)
            total, rows = page_of(session, query, page, page_size, order, MovieRow.id)
            return total, self._load(session, rows)

    def calendar(self, start: date, end: date, unmonitored: bool) -> list[Movie]:
        """Movies with a cinema, digital or physical release between ``start`` and ``end``."""
        where: list[ColumnElement[bool]] = [
            or_(
                *(
                    column.between(start, end)
                    for column in (
                        MovieRow.in_cinemas,
                        MovieRow.digital_release,
                        MovieRow.physical_release,
                    )
                )
            )
        ]
        if not unmonitored:
            where.append(MovieRow.monitored.is_(True))
        with self._db.session() as session:
            rows = session.execute(select(MovieRow).where(*where).order_by(MovieRow.id)).scalars()
            return self._load(session, list(rows))

    # Writing ----------------------------------------------------------------------------

    def add(self, info: MovieInfo, options: MovieOptions) -> int:
        with self._db.session() as session:
            row = self.new_row(
                session,
                options,
                MovieRow.tmdb_id == info.tmdb_id,
                title_slug=f"{slugify(info.title, 'movie')}-{info.tmdb_id}",
                minimum_availability=options.minimum_availability,
            )
            _apply_info(row, info)
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:  # the same movie added twice at once
                raise MovieExistsError("This movie has already been added") from exc
            return row.id

    def refresh(self, movie_id: int, info: MovieInfo) -> bool:
        return self.edit(movie_id, lambda row: _apply_info(row, info))

    def sync_file(self, movie_id: int, found: FoundMovieFile | None) -> tuple[int, int]:
        """Make the movie's file row match a scan: (added, removed).

        The same relative path keeps its row (size refreshed, so ``dateAdded`` and any id a
        client holds stay valid); a different file replaces it; no file removes it.
        """
        with self._db.session() as session:
            row = session.execute(
                select(MovieFileRow).where(MovieFileRow.movie_id == movie_id)
            ).scalar()
            if row is not None and found is not None and row.relative_path == found.relative_path:
                row.size = found.size
                return 0, 0
            removed = 0
            if row is not None:
                session.delete(row)
                session.flush()
                removed = 1
            if found is None:
                return 0, removed
            session.add(
                MovieFileRow(
                    movie_id=movie_id,
                    relative_path=found.relative_path,
                    path=found.path,
                    size=found.size,
                    date_added=utcnow(),
                    scene_name=found.scene_name,
                    release_group=found.release_group,
                    quality=found.quality,
                    edition=found.edition,
                    languages=list(found.languages),
                )
            )
            return 1, removed
