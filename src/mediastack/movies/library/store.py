"""Reading and writing the movie library.

Listing every movie with its file costs two queries whatever the library size, because
dashboards poll ``GET /movie``; ``wanted/missing`` pages in SQL with one ``COUNT``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediastack.core.db import Database, utcnow
from mediastack.manager.library.slugs import slugify, sort_title
from mediastack.movies.library.model import FoundMovieFile, Movie, MovieFile, MovieOptions
from mediastack.movies.library.rows import MovieFileRow, MovieRow
from mediastack.movies.metadata.models import MovieInfo, ReleaseDates


class MovieExistsError(ValueError):
    """The movie (or its folder) is already in the library."""


def _file(row: MovieFileRow) -> MovieFile:
    return MovieFile(
        id=row.id,
        movie_id=row.movie_id,
        relative_path=row.relative_path,
        path=row.path,
        size=row.size,
        date_added=row.date_added,
        scene_name=row.scene_name,
        release_group=row.release_group,
        quality=row.quality,
        edition=row.edition,
        languages=list(row.languages),
        quality_model=dict(row.quality_model) if row.quality_model else None,
        custom_format_score=row.custom_format_score or 0,
        original_file_path=row.original_file_path,
        download_id=row.download_id,
        media_info=dict(row.media_info) if row.media_info else None,
    )


def _movie(row: MovieRow, file: MovieFile | None) -> Movie:
    return Movie(
        id=row.id,
        tmdb_id=row.tmdb_id,
        imdb_id=row.imdb_id,
        title=row.title,
        original_title=row.original_title,
        original_language=row.original_language,
        sort_title=row.sort_title,
        title_slug=row.title_slug,
        tmdb_status=row.tmdb_status,
        overview=row.overview,
        year=row.year,
        dates=ReleaseDates(row.in_cinemas, row.digital_release, row.physical_release),
        runtime=row.runtime,
        genres=list(row.genres),
        studio=row.studio,
        website=row.website,
        certification=row.certification,
        rating=row.rating,
        votes=row.votes,
        popularity=row.popularity,
        poster_url=row.poster_url,
        fanart_url=row.fanart_url,
        youtube_trailer_id=row.youtube_trailer_id,
        collection_tmdb_id=row.collection_tmdb_id,
        collection_title=row.collection_title,
        alternate_titles=list(row.alternate_titles),
        monitored=row.monitored,
        minimum_availability=row.minimum_availability,
        quality_profile_id=row.quality_profile_id,
        path=row.path,
        root_folder_path=row.root_folder_path,
        tags=list(row.tags),
        added=row.added,
        last_info_sync=row.last_info_sync,
        extra=dict(row.extra),
        file=file,
    )


def _apply_info(row: MovieRow, info: MovieInfo) -> None:
    """Provider-owned fields; a search result (incomplete) never blanks stored details."""
    row.tmdb_id = info.tmdb_id
    row.imdb_id = info.imdb_id or row.imdb_id
    row.title = info.title
    row.original_title = info.original_title
    row.original_language = info.original_language
    row.sort_title = sort_title(info.title)
    row.tmdb_status = info.tmdb_status
    row.overview = info.overview
    row.year = info.year
    row.in_cinemas = info.dates.in_cinemas
    row.digital_release = info.dates.digital
    row.physical_release = info.dates.physical
    row.runtime = info.runtime
    row.genres = list(info.genres)
    row.studio = info.studio
    row.website = info.website
    row.certification = info.certification
    row.rating = info.rating
    row.votes = info.votes
    row.popularity = info.popularity
    row.poster_url = info.poster_url
    row.fanart_url = info.fanart_url
    row.youtube_trailer_id = info.youtube_trailer_id
    row.collection_tmdb_id = info.collection_tmdb_id
    row.collection_title = info.collection_title
    row.alternate_titles = list(info.alternate_titles)
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


class MovieStore:
    def __init__(self, database: Database) -> None:
        self._db = database

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

    def paths(self) -> set[str]:
        with self._db.session() as session:
            return set(session.execute(select(MovieRow.path)).scalars())

    def ids(self) -> list[int]:
        with self._db.session() as session:
            return list(session.execute(select(MovieRow.id).order_by(MovieRow.id)).scalars())

    def tagged(self) -> dict[int, list[int]]:
        tagged: dict[int, list[int]] = {}
        with self._db.session() as session:
            for movie_id, tags in session.execute(select(MovieRow.id, MovieRow.tags)):
                for tag in tags or []:
                    tagged.setdefault(int(tag), []).append(movie_id)
        return tagged

    def files(
        self, movie_id: int | None = None, file_ids: Iterable[int] | None = None
    ) -> list[MovieFile]:
        query = select(MovieFileRow).order_by(MovieFileRow.id)
        if movie_id is not None:
            query = query.where(MovieFileRow.movie_id == movie_id)
        if file_ids is not None:
            query = query.where(MovieFileRow.id.in_(list(file_ids)))
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
            total = session.execute(
                select(func.count()).select_from(MovieRow).where(*where)
            ).scalar_one()
            rows = session.execute(
                select(MovieRow)
                .where(*where)
                .order_by(order, MovieRow.id)
                .offset((page - 1) * page_size)
                .limit(page_size)
            ).scalars()
            return int(total), self._load(session, list(rows))

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
            clash = session.execute(
                select(MovieRow.id).where(MovieRow.tmdb_id == info.tmdb_id)
            ).scalar()
            if clash is not None:
                raise MovieExistsError("This movie has already been added")
            if session.execute(select(MovieRow.id).where(MovieRow.path == options.path)).scalar():
                raise MovieExistsError(f"Path '{options.path}' is already used by another movie")
            row = MovieRow(
                title_slug=f"{slugify(info.title, 'movie')}-{info.tmdb_id}",
                monitored=options.monitored,
                minimum_availability=options.minimum_availability,
                quality_profile_id=options.quality_profile_id,
                path=options.path,
                root_folder_path=options.root_folder_path,
                tags=list(options.tags),
                added=utcnow(),
                extra=dict(options.extra),
            )
            _apply_info(row, info)
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:  # the same movie added twice at once
                raise MovieExistsError("This movie has already been added") from exc
            return row.id

    def refresh(self, movie_id: int, info: MovieInfo) -> bool:
        with self._db.session() as session:
            row = session.get(MovieRow, movie_id)
            if row is None:
                return False
            _apply_info(row, info)
            return True

    def update(self, movie_id: int, changes: Mapping[str, Any]) -> bool:
        """Change user-owned fields (``monitored``, ``tags``, ``path``, ...)."""
        with self._db.session() as session:
            row = session.get(MovieRow, movie_id)
            if row is None:
                return False
            for key, value in changes.items():
                setattr(row, key, value)
            return True

    def delete(self, movie_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(MovieRow, movie_id)
            if row is None:
                return False
            session.execute(delete(MovieFileRow).where(MovieFileRow.movie_id == movie_id))
            session.delete(row)
            return True

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
