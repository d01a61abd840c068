"""Reading and writing the TV library; statistics are computed by the database.

Listing every series with per-season statistics costs four queries whatever the library
size (series, seasons, one grouped aggregate over the episodes and one over the files),
because dashboards poll ``GET /series``; the same queries narrowed to a few series serve
the list's refresh after a change (``changed_since`` names them: the database records
every write's series).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    bindparam,
    case,
    func,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from mediastack.core.db import utcnow
from mediastack.manager.library.media_files import ScanResult
from mediastack.manager.library.records import apply_changes, copy_fields, from_row
from mediastack.manager.library.slugs import slugify, sort_title
from mediastack.manager.library.store import (
    ItemStore,
    narrowed,
    page_of,
    set_all_monitored,
    set_monitored,
)
from mediastack.tv.importing.rows import FILES
from mediastack.tv.library.model import (
    Episode,
    EpisodeFile,
    Season,
    Series,
    SeriesOptions,
    Statistics,
)
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeasonRow, SeriesRow
from mediastack.tv.metadata.models import EpisodeInfo, SeriesInfo


@dataclass(frozen=True, slots=True)
class FileMatch:
    """A file found on disk and the episodes (season, numbers) its name claims."""

    relative_path: str
    path: str
    size: int
    season_number: int
    episode_numbers: tuple[int, ...]
    quality: str = "Unknown"
    release_group: str | None = None


@dataclass(frozen=True, slots=True)
class SyncResult(ScanResult):
    #: the files that were gone, each with the episodes it had (for delete notifications)
    removed_files: tuple[tuple[EpisodeFile, tuple[Episode, ...]], ...] = ()


#: what TVmaze owns of a series and of an episode, stored as it comes
SERIES_FIELDS = (
    "tvmaze_id", "tvdb_id", "imdb_id", "tvrage_id", "title", "status", "overview", "network",
    "air_time", "runtime", "year", "first_aired", "last_aired", "genres", "language",
    "rating", "poster_url",
)  # fmt: skip
EPISODE_FIELDS = ("title", "overview", "air_date", "air_date_utc", "runtime")


def _apply_info(row: SeriesRow, info: SeriesInfo) -> None:
    copy_fields(row, info, SERIES_FIELDS)
    row.sort_title = sort_title(info.title)
    row.fanart_url = info.fanart_url or row.fanart_url
    row.last_info_sync = utcnow()


def _apply_episode(row: EpisodeRow, info: EpisodeInfo) -> None:
    copy_fields(row, info, EPISODE_FIELDS)
    row.tvmaze_id = info.provider_id
    row.absolute_episode_number = info.absolute_number


class SeriesExistsError(ValueError):
    pass


# Whole series read often (the release mapper, the episode list): the columns in the
# records' field order, so each row becomes a record positionally.
_EPISODES = EpisodeRow.__table__
_EPISODES_OF_SERIES = (
    select(*(_EPISODES.c[name] for name in Episode.__dataclass_fields__))
    .where(_EPISODES.c.series_id == bindparam("sid"))
    .order_by(_EPISODES.c.season_number, _EPISODES.c.episode_number)
)
#: the series list: its columns in the record's field order (all but the seasons)
_SERIES = SeriesRow.__table__
_LISTED = select(
    *(_SERIES.c[name] for name in Series.__dataclass_fields__ if name != "seasons")
).order_by(_SERIES.c.sort_title, _SERIES.c.id)

_FILES = EpisodeFileRow.__table__
_FILES_OF_SERIES = (
    select(*(_FILES.c[name] for name in EpisodeFile.__dataclass_fields__))
    .where(_FILES.c.series_id == bindparam("sid"))
    .order_by(_FILES.c.id)
)

#: pairs, triples or ids per statement: three parameters a triple stay under the
#: bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535)
_BATCH = 10_000


def _pg_rows_in(columns: Sequence[Any], rows: Sequence[tuple[int, ...]]) -> Any:
    """``columns IN`` the ``rows``, for PostgreSQL: one integer array per column, unnested
    together. A list of row values is parsed as nested ORs, and a few thousand of them are
    refused ("stack depth limit exceeded"); arrays are one parameter each, whatever their
    length, and the planner joins them to the index."""
    arrays = [
        bindparam(f"rows_{i}", [r[i] for r in rows], type_=ARRAY(Integer))
        for i in range(len(columns))
    ]
    names = [f"c{i}" for i in range(len(columns))]
    wanted = func.unnest(*arrays).table_valued(*names).render_derived()
    return tuple_(*columns).in_(select(*(wanted.c[n] for n in names)))


def _chunked(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    return (values[i : i + size] for i in range(0, len(values), size))


class TvLibraryStore(ItemStore[SeriesRow]):
    row = SeriesRow
    children = (EpisodeRow.series_id, EpisodeFileRow.series_id, SeasonRow.series_id)
    what = "series"
    exists_error = SeriesExistsError

    # Reading ----------------------------------------------------------------------------

    def _statistics(
        self, session: Session, ids: Collection[int] | None
    ) -> tuple[dict[tuple[int, int], Statistics], dict[int, datetime]]:
        """Per (series, season) statistics, in two grouped queries, and when each
        series' statistics change with time alone: the next air date of any of its
        episodes (aired episodes count, the next airing moves on)."""
        now = utcnow()
        has_file = EpisodeRow.episode_file_id.is_not(None)
        aired = EpisodeRow.air_date_utc <= now
        future = EpisodeRow.air_date_utc > now
        episodes = select(
            EpisodeRow.series_id,
            EpisodeRow.season_number,
            func.count(),
            func.sum(case((has_file, 1), else_=0)),
            func.sum(case((has_file | (EpisodeRow.monitored & aired), 1), else_=0)),
            func.min(case((EpisodeRow.monitored & future, EpisodeRow.air_date_utc))),
            func.max(case((EpisodeRow.monitored & aired, EpisodeRow.air_date_utc))),
            func.min(case((future, EpisodeRow.air_date_utc))),
        ).group_by(EpisodeRow.series_id, EpisodeRow.season_number)
        # sizes and release groups together: one pass over the files
        files = select(
            EpisodeFileRow.series_id,
            EpisodeFileRow.season_number,
            EpisodeFileRow.release_group,
            func.sum(EpisodeFileRow.size),
        ).group_by(
            EpisodeFileRow.series_id, EpisodeFileRow.season_number, EpisodeFileRow.release_group
        )
        sizes: dict[tuple[int, int], int] = defaultdict(int)
        release_groups: dict[tuple[int, int], list[str]] = defaultdict(list)
        counted: list[Any] = []  # rows of the eight columns above
        for where in _only(ids, EpisodeFileRow.series_id):
            for s, n, group, size in session.execute(files.where(where)):
                sizes[(s, n)] += int(size or 0)
                if group is not None:
                    release_groups[(s, n)].append(str(group))
        for where in _only(ids, EpisodeRow.series_id):
            counted.extend(session.execute(episodes.where(where)))
        out: dict[tuple[int, int], Statistics] = {}
        stale_at: dict[int, datetime] = {}
        for s, n, total, with_file, wanted, next_airing, previous, changes in counted:
            out[(s, n)] = Statistics(
                episode_file_count=int(with_file or 0),
                episode_count=int(wanted or 0),
                total_episode_count=int(total or 0),
                size_on_disk=sizes.get((s, n), 0),
                release_groups=tuple(sorted(release_groups.get((s, n), []))),
                next_airing=_aware(next_airing),
                previous_airing=_aware(previous),
            )
            if changes is not None:
                due = _aware(changes)
                if due is not None and (s not in stale_at or due < stale_at[s]):
                    stale_at[s] = due
        return out, stale_at

    def _seasons(
        self, session: Session, ids: Collection[int] | None, statistics: bool
    ) -> tuple[dict[int, list[Season]], dict[int, datetime]]:
        """The seasons of these series (``None``: all), with their statistics unless told
        otherwise, and when each series' statistics go stale."""
        stats, stale_at = self._statistics(session, ids) if statistics else ({}, {})
        seasons_table = SeasonRow.__table__
        season_query = select(
            seasons_table.c.series_id,
            seasons_table.c.season_number,
            seasons_table.c.monitored,
            seasons_table.c.poster_url,
        ).order_by(seasons_table.c.series_id, seasons_table.c.season_number)
        seasons: dict[int, list[Season]] = defaultdict(list)
        empty = Statistics()
        for where in _only(ids, seasons_table.c.series_id):
            for series_id, number, monitored, poster in session.execute(season_query.where(where)):
                seasons[series_id].append(
                    Season(number, monitored, poster, stats.get((series_id, number), empty))
                )
        return seasons, stale_at

    def _load(self, session: Session, row: SeriesRow) -> Series:
        seasons, _ = self._seasons(session, [row.id], True)
        return from_row(Series, row, seasons=seasons.get(row.id, []))

    def all(self, statistics: bool = True) -> list[Series]:
        """Every series, with statistics unless told otherwise (matching releases needs
        none, and they are the costly part)."""
        return self.listed(None, statistics)[0]

    def listed(
        self, ids: Collection[int] | None, statistics: bool = True
    ) -> tuple[list[Series], dict[int, datetime]]:
        """The series with these ids (``None``: all) in the list's order, and when time
        alone changes each one's statistics (``GET /series`` keeps them until then). Rows
        are read in the record's field order and become records positionally."""
        with self._db.session() as session:
            rows: list[Any] = []  # rows of _LISTED's columns
            for where in _only(ids, _SERIES.c.id):
                rows.extend(session.execute(_LISTED.where(where)))
            if not rows:
                return [], {}
            seasons, stale_at = self._seasons(session, ids, statistics)
            # the seasons are the record's last field
            found = [Series(*(*r, seasons.get(r[0], []))) for r in rows]
            return found, stale_at

    def ordered_ids(self) -> list[int]:
        """Every series id in the list's order (by sort title)."""
        table = SeriesRow.__table__
        query = select(table.c.id).order_by(table.c.sort_title, table.c.id)
        with self._db.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def changed_since(self, generation: int) -> set[int]:
        """The series whose rows, seasons, episodes or files were written after library
        generation ``generation`` (recorded by the database's triggers, whoever wrote)."""
        query = text("SELECT series_id FROM series_changes WHERE generation > :g")
        with self._db.engine.connect() as connection:
            return set(connection.execute(query, {"g": generation}).scalars())

    def get(self, series_id: int) -> Series | None:
        with self._db.session() as session:
            row = session.get(SeriesRow, series_id)
            return self._load(session, row) if row else None

    def find(self, tvdb_id: int | None = None, tvmaze_id: int | None = None) -> Series | None:
        with self._db.session() as session:
            query = select(SeriesRow)
            if tvmaze_id is not None:
                query = query.where(SeriesRow.tvmaze_id == tvmaze_id)
            elif tvdb_id is not None:
                query = query.where(SeriesRow.tvdb_id == tvdb_id)
            else:
                return None
            row = session.execute(query.limit(1)).scalar()
            return self._load(session, row) if row else None

    def generation(self) -> int:
        """A number the database raises on every change to the library's tables (any
        writer: the API, imports, rescans), for caches of what is read from them."""
        with self._db.session() as session:
            return int(session.execute(text("SELECT value FROM library_generation")).scalar_one())

    def episodes(
        self,
        series_id: int | None = None,
        season_number: int | None = None,
        episode_ids: Iterable[int] | None = None,
        episode_file_id: int | None = None,
    ) -> list[Episode]:
        table = EpisodeRow.__table__
        whole_series = season_number is None and episode_ids is None and episode_file_id is None
        if series_id is not None and whole_series:
            rows = self._read(_EPISODES_OF_SERIES, sid=series_id)
            return [Episode(*cast("tuple[Any, ...]", r)) for r in rows]
        query = select(table).order_by(
            table.c.series_id, table.c.season_number, table.c.episode_number
        )
        query = narrowed(
            query,
            (table.c.series_id, series_id),
            (table.c.season_number, season_number),
            (table.c.id, episode_ids),
            (table.c.episode_file_id, episode_file_id),
        )
        return [from_row(Episode, r) for r in self._read(query)]

    def _read(self, statement: Executable, **params: Any) -> list[Row[Any]]:
        """Plain rows on a bare connection: the release mapper and the episode list read
        whole series many times over, and sessions and ORM objects cost more than the
        query."""
        with self._db.engine.connect() as connection:
            return list(connection.execute(statement, params).all())

    def missing(
        self, page: int, page_size: int, newest_first: bool, monitored_only: bool
    ) -> tuple[int, list[Episode]]:
        """``wanted/missing``: aired episodes without a file, one page, with a cheap count."""
        now = utcnow()
        where = [EpisodeRow.episode_file_id.is_(None), EpisodeRow.air_date_utc <= now]
        if monitored_only:
            where += [EpisodeRow.monitored.is_(True), SeriesRow.monitored.is_(True)]
        query = select(EpisodeRow).join(SeriesRow, SeriesRow.id == EpisodeRow.series_id)
        order = EpisodeRow.air_date_utc.desc() if newest_first else EpisodeRow.air_date_utc.asc()
        with self._db.session() as session:
            total, rows = page_of(
                session, query.where(*where), page, page_size, order, EpisodeRow.id
            )
            return total, [from_row(Episode, r) for r in rows]

    def episode(self, episode_id: int) -> Episode | None:
        with self._db.session() as session:
            row = session.get(EpisodeRow, episode_id)
            return from_row(Episode, row) if row else None

    def files(
        self, series_id: int | None = None, file_ids: Iterable[int] | None = None
    ) -> list[EpisodeFile]:
        if series_id is not None and file_ids is None:
            rows = self._read(_FILES_OF_SERIES, sid=series_id)
            return [EpisodeFile(*cast("tuple[Any, ...]", r)) for r in rows]
        table = EpisodeFileRow.__table__
        query = select(table).order_by(table.c.id)
        query = narrowed(query, (table.c.series_id, series_id), (table.c.id, file_ids))
        return [from_row(EpisodeFile, r) for r in self._read(query)]

    def episodes_and_files_of(
        self,
        seasons: Iterable[tuple[int, int]],
        whole_series: Iterable[int] = (),
        single_episodes: Iterable[tuple[int, int, int]] = (),
    ) -> tuple[list[Episode], list[EpisodeFile]]:
        """The episodes of the given (series, season) pairs, of the given whole series and
        the ``single_episodes`` (series, season, number), with the files they point to, for
        a batch of releases: an RSS sync names thousands of series, and a query per series
        cost more than the rest of the sync; most of its releases name single episodes,
        and reading just those is a tenth of the rows of their seasons. Each chunk is one
        scan of the episodes with their files joined (a list of row values uses no index,
        so few large chunks beat many small ones). Episodes come ordered by series, season
        and number, as ``episodes(series_id=...)`` gives."""
        pairs = sorted(set(seasons))
        ids = sorted(set(whole_series))
        triples = sorted(set(single_episodes))
        season = (_EPISODES.c.series_id, _EPISODES.c.season_number)
        episode = (*season, _EPISODES.c.episode_number)
        wanted: list[Any] = [_EPISODES.c.series_id.in_(chunk) for chunk in _chunked(ids, _BATCH)]
        if self._db.is_postgres:
            wanted += [_pg_rows_in(season, pairs)] if pairs else []
            wanted += [_pg_rows_in(episode, triples)] if triples else []
        else:
            wanted += [tuple_(*season).in_(chunk) for chunk in _chunked(pairs, _BATCH)]
            wanted += [tuple_(*episode).in_(chunk) for chunk in _chunked(triples, _BATCH)]
        width = len(Episode.__dataclass_fields__)
        joined = select(
            *(_EPISODES.c[name] for name in Episode.__dataclass_fields__),
            *(_FILES.c[name].label(f"file_{name}") for name in EpisodeFile.__dataclass_fields__),
        ).select_from(_EPISODES.outerjoin(_FILES, _FILES.c.id == _EPISODES.c.episode_file_id))
        episodes: dict[int, Episode] = {}
        files: dict[int, EpisodeFile] = {}
        with self._db.engine.connect() as connection:
            for where in wanted:
                for row in connection.execute(joined.where(where)):
                    values = tuple(row)
                    episodes[values[0]] = Episode(*values[:width])
                    if values[width] is not None:
                        files[values[width]] = EpisodeFile(*values[width:])
        ordered = sorted(
            episodes.values(), key=lambda e: (e.series_id, e.season_number, e.episode_number)
        )
        return ordered, sorted(files.values(), key=lambda f: f.id)

    # Writing ----------------------------------------------------------------------------

    def _unique_slug(self, session: Session, info: SeriesInfo, own_id: int | None) -> str:
        base = slugify(info.title, "series")
        candidates = [base]
        if info.year:
            candidates.append(f"{base}-{info.year}")
        candidates.append(f"{base}-{info.tvmaze_id}")
        for slug in candidates:
            clash = session.execute(
                select(SeriesRow.id).where(SeriesRow.title_slug == slug)
            ).scalar()
            if clash is None or clash == own_id:
                return slug
        return f"{base}-{info.tvmaze_id}-{own_id or 0}"

    def add(self, info: SeriesInfo, options: SeriesOptions) -> int:
        """Store a new series with its seasons and episodes (all unmonitored until the
        caller applies a monitoring choice, which may depend on files found on disk)."""
        with self._db.session() as session:
            same = (SeriesRow.tvmaze_id == info.tvmaze_id) | (
                (SeriesRow.tvdb_id == info.tvdb_id) & (SeriesRow.tvdb_id.is_not(None))
            )
            row = self.new_row(
                session,
                options,
                same,
                title_slug=self._unique_slug(session, info, None),
                series_type=options.series_type,
                season_folder=options.season_folder,
                monitor_new_items=options.monitor_new_items,
                language_profile_id=options.language_profile_id,
            )
            _apply_info(row, info)
            session.add(row)
            session.flush()
            for season in info.seasons:
                session.add(
                    SeasonRow(
                        series_id=row.id,
                        season_number=season.number,
                        monitored=options.season_monitoring.get(season.number, False),
                        poster_url=season.poster_url,
                    )
                )
            for ep in info.episodes or []:
                episode = EpisodeRow(
                    series_id=row.id,
                    season_number=ep.season_number,
                    episode_number=ep.episode_number,
                    monitored=False,
                )
                _apply_episode(episode, ep)
                session.add(episode)
            return row.id

    def refresh(self, series_id: int, info: SeriesInfo) -> bool:
        """Apply fresh metadata: new seasons follow ``monitorNewItems``, new episodes their
        season's monitoring, vanished episodes go unless a file holds them."""
        with self._db.session() as session:
            row = session.get(SeriesRow, series_id)
            if row is None:
                return False
            _apply_info(row, info)
            seasons = {
                s.season_number: s
                for s in session.execute(
                    select(SeasonRow).where(SeasonRow.series_id == series_id)
                ).scalars()
            }
            for season in info.seasons:
                if season.number in seasons:
                    seasons[season.number].poster_url = season.poster_url
                    continue
                monitored = row.monitored and row.monitor_new_items == "all" and season.number > 0
                new = SeasonRow(
                    series_id=series_id,
                    season_number=season.number,
                    monitored=monitored,
                    poster_url=season.poster_url,
                )
                session.add(new)
                seasons[season.number] = new
            if info.episodes is None:
                return True
            existing = {
                (e.season_number, e.episode_number): e
                for e in session.execute(
                    select(EpisodeRow).where(EpisodeRow.series_id == series_id)
                ).scalars()
            }
            fresh = {(e.season_number, e.episode_number) for e in info.episodes}
            for ep in info.episodes:
                key = (ep.season_number, ep.episode_number)
                target = existing.get(key)
                if target is None:
                    season_row = seasons.get(ep.season_number)
                    target = EpisodeRow(
                        series_id=series_id,
                        season_number=ep.season_number,
                        episode_number=ep.episode_number,
                        monitored=bool(season_row and season_row.monitored and row.monitored),
                    )
                    session.add(target)
                _apply_episode(target, ep)
            for key, gone in existing.items():
                if key not in fresh and gone.episode_file_id is None:
                    session.delete(gone)
            return True

    def update(
        self,
        series_id: int,
        changes: Mapping[str, Any],
        season_monitoring: Mapping[int, bool] | None = None,
    ) -> bool:
        """Change user-owned fields; a season whose monitoring flips takes its episodes
        with it, as Sonarr does when a client PUTs the series back."""
        with self._db.session() as session:
            row = session.get(SeriesRow, series_id)
            if row is None:
                return False
            apply_changes(row, changes)
            for season in session.execute(
                select(SeasonRow).where(SeasonRow.series_id == series_id)
            ).scalars():
                wanted = (season_monitoring or {}).get(season.season_number)
                if wanted is None or wanted == season.monitored:
                    continue
                season.monitored = wanted
                session.execute(
                    update(EpisodeRow)
                    .where(
                        EpisodeRow.series_id == series_id,
                        EpisodeRow.season_number == season.season_number,
                    )
                    .values(monitored=wanted)
                )
            return True

    def set_monitoring(
        self, series_id: int, episodes: Mapping[int, bool], seasons: Mapping[int, bool]
    ) -> None:
        with self._db.session() as session:
            own = EpisodeRow.series_id == series_id
            set_monitored(session, EpisodeRow.id, EpisodeRow.monitored, episodes, own)
            for season in session.execute(
                select(SeasonRow).where(SeasonRow.series_id == series_id)
            ).scalars():
                if season.season_number in seasons:
                    season.monitored = seasons[season.season_number]

    def set_episodes_monitored(self, episode_ids: Iterable[int], monitored: bool) -> list[int]:
        ids = episode_ids
        return set_all_monitored(self._db, EpisodeRow.id, EpisodeRow.monitored, ids, monitored)

    def sync_files(self, series_id: int, found: Sequence[FileMatch], unmatched: int) -> SyncResult:
        """Make ``episode_files`` match what a scan found: rows for new files that claim
        episodes without a file, no rows for files that are gone, sizes kept current."""
        with self._db.session() as session:
            gone: list[tuple[EpisodeFile, tuple[Episode, ...]]] = []
            new, removed = FILES.reconcile(
                session, series_id, found, lambda row: gone.append(self._unlink_file(session, row))
            )
            episodes = {
                (e.season_number, e.episode_number): e
                for e in session.execute(
                    select(EpisodeRow).where(EpisodeRow.series_id == series_id)
                ).scalars()
            }
            added = 0
            for match in new:
                claimed = [
                    episodes[(match.season_number, n)]
                    for n in match.episode_numbers
                    if (match.season_number, n) in episodes
                    and episodes[(match.season_number, n)].episode_file_id is None
                ]
                if not claimed:
                    unmatched += 1
                    continue
                own = {
                    "season_number": match.season_number,
                    "languages": [],
                    "release_group": match.release_group,
                }
                file_row = FILES.scanned_row(session, series_id, match, match.quality, **own)
                for episode in claimed:
                    episode.episode_file_id = file_row.id
                added += 1
            return SyncResult(added, removed, unmatched, tuple(gone))

    @staticmethod
    def _unlink_file(
        session: Session, row: EpisodeFileRow
    ) -> tuple[EpisodeFile, tuple[Episode, ...]]:
        """Forget one file row; its episodes lose their file. Returns both as they were."""
        episodes = tuple(
            from_row(Episode, e)
            for e in session.execute(
                select(EpisodeRow).where(EpisodeRow.episode_file_id == row.id)
            ).scalars()
        )
        file = from_row(EpisodeFile, row)
        FILES.unlink(session, row)
        return file, episodes

    def set_media_info(self, file_id: int, media_info: dict[str, Any]) -> None:
        with self._db.session() as session:
            session.execute(
                update(EpisodeFileRow)
                .where(EpisodeFileRow.id == file_id)
                .values(media_info=media_info)
            )

    def delete_file(self, file_id: int) -> tuple[EpisodeFile, tuple[Episode, ...]] | None:
        """Forget the file row ``file_id`` (the caller deals with the file on disk)."""
        with self._db.session() as session:
            row = session.get(EpisodeFileRow, file_id)
            if row is None:
                return None
            return self._unlink_file(session, row)

    def move_file(self, file_id: int, relative_path: str, path: str) -> EpisodeFile | None:
        """Record a file's new place (after a rename on disk)."""
        with self._db.session() as session:
            row = session.get(EpisodeFileRow, file_id)
            if row is None:
                return None
            row.relative_path = relative_path
            row.path = path
            session.flush()
            return from_row(EpisodeFile, row)


def _only(ids: Collection[int] | None, column: Any) -> Iterable[ColumnElement[bool]]:
    """``WHERE`` clauses keeping ``column`` to ``ids`` (in chunks under the bound-parameter
    limits), or one that keeps everything when ``ids`` is ``None``."""
    if ids is None:
        return [true()]
    ordered = sorted(ids)
    return [column.in_(chunk) for chunk in _chunked(ordered, _BATCH)]


def _aware(value: Any) -> datetime | None:
    """Aggregates lose the column type on SQLite and come back as text; read either."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if parsed.tzinfo is UTC:  # most of them: the column's type already made them so
        return parsed
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
