"""The movie side of the search engine: a release is one movie (its own item), its file
is the one on disk, and Radarr's own rules apply (monitored, minimum availability)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from mediastack.manager.decisions import ExistingFile, Rejection, WantedItem
from mediastack.manager.importing.quality import stored_quality
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.search import MediaKind
from mediastack.manager.parser.model import App
from mediastack.manager.search.decide import existing_file
from mediastack.manager.search.domain import PlainIds
from mediastack.manager.search.model import DecideOptions
from mediastack.movies.library.model import Movie, MovieFile
from mediastack.movies.library.store import MovieStore
from mediastack.movies.search.mapping import MovieMatcher, RemoteMovie, map_release

RECENT = timedelta(days=21)


def file_quality(file: MovieFile) -> ExistingFile:
    """The file's quality as upgrades judge it: the import's full model when there is one,
    else what its name says (a file a rescan found)."""
    if file.quality_model:
        quality, revision = stored_quality("radarr", file.quality_model, file.quality)
        return ExistingFile(quality, revision, file.custom_format_score)
    return existing_file("radarr", file.quality, file.scene_name, file.relative_path)


def availability(movie: Movie, options: DecideOptions) -> Rejection | None:
    """Radarr's monitored and minimum-availability rules; a person's search skips them."""
    if options.user_invoked:
        return None
    if not movie.monitored:
        return Rejection("Movie is not monitored")
    today = options.now.date()
    if not movie.is_available(today):
        when = movie.dates.in_cinemas if movie.minimum_availability == "inCinemas" else None
        when = when or movie.dates.release_date
        day = when.isoformat() if when else "a date not known yet"
        return Rejection(
            f"Movie {movie.title} will only be considered available on {day} "
            f"(minimum availability: {movie.minimum_availability})"
        )
    return None


class MovieReleaseMapper:
    def __init__(self, movies: Sequence[Movie]) -> None:
        self.matcher = MovieMatcher(movies)

    def map(self, release: ReleaseInfo) -> RemoteMovie:
        return map_release(release, self.matcher)

    def wanted(self, remote: RemoteMovie) -> tuple[WantedItem, ...]:
        return tuple(
            WantedItem(m.id, m.id, m.title, file_quality(m.file) if m.file else None)
            for m in remote.items
        )

    def runtime_minutes(self, remote: RemoteMovie) -> float:
        return float(sum(m.runtime for m in remote.items))

    def rejections(self, remote: RemoteMovie, options: DecideOptions) -> Sequence[Rejection]:
        found = [availability(m, options) for m in remote.items]
        return [r for r in found if r is not None]


class MovieSearchDomain(PlainIds):
    app: App = "radarr"
    rss_kind: MediaKind = "movie"

    def __init__(self, store: MovieStore) -> None:
        self.store = store

    def mapper(self) -> MovieReleaseMapper:
        return MovieReleaseMapper(self.store.all())

    def is_recent(self, items: Sequence[Movie]) -> bool:
        today = datetime.now(UTC).date()
        days = [d for m in items for d in (m.dates.in_cinemas, m.dates.digital, m.dates.physical)]
        return any(d is not None and today - RECENT <= d <= today for d in days)

    def grab_data(self, remote: RemoteMovie) -> dict[str, object]:
        movie = remote.subject
        return {
            "tmdbId": movie.tmdb_id if movie else remote.release.tmdb_id or 0,
            "imdbId": (movie.imdb_id if movie else remote.release.imdb_id) or "",
        }
