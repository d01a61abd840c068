"""Which movie a release is.

By the ids the indexer (or the name) attached, TMDB then IMDb, because titles are
ambiguous (remakes share them); otherwise by the parser's title against every movie's
title, original title and alternate titles, with the year deciding between namesakes
(one year either way, as release years and TMDB's year disagree around New Year).
"""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.parser import ParsedRelease, parse
from mediastack.manager.parser.text import normalize_title
from mediastack.manager.search.model import RemoteRelease
from mediastack.movies.library.model import Movie

RemoteMovie = RemoteRelease[Movie, Movie]


def title_keys(movie: Movie) -> set[str]:
    titles = {movie.title, movie.original_title, *movie.alternate_titles}
    return {k for k in (normalize_title(t) for t in titles if t) if k}


class MovieMatcher:
    """The library's movies by id and by title key, built once per search or sync."""

    def __init__(self, movies: Sequence[Movie]) -> None:
        self.by_tmdb = {m.tmdb_id: m for m in movies}
        self.by_imdb = {m.imdb_id: m for m in movies if m.imdb_id}
        self.by_title: dict[str, list[Movie]] = {}
        for movie in movies:
            for key in title_keys(movie):
                self.by_title.setdefault(key, []).append(movie)

    def by_ids(self, tmdb_id: int | None, imdb_id: str | None) -> Movie | None:
        if tmdb_id and tmdb_id in self.by_tmdb:
            return self.by_tmdb[tmdb_id]
        return self.by_imdb.get(imdb_id) if imdb_id else None

    def by_name(self, parsed: ParsedRelease) -> Movie | None:
        info = parsed.movie
        if info is None:
            return None
        found = self.by_ids(info.tmdb_id, info.imdb_id)
        if found is not None:
            return found
        keys = [normalize_title(t) for t in (info.movie_title, *info.movie_titles) if t]
        keys.append(parsed.normalized_title)
        for key in keys:
            named = self.by_title.get(key, [])
            if not info.year:
                if len(named) == 1:
                    return named[0]
                continue
            dated = [m for m in named if m.year and abs(m.year - info.year) <= 1]
            exact = [m for m in dated if m.year == info.year]
            if exact or dated:
                return (exact or dated)[0]
        return None

    def match(self, release: ReleaseInfo, parsed: ParsedRelease) -> Movie | None:
        return self.by_ids(release.tmdb_id, release.imdb_id) or self.by_name(parsed)


def parse_movie(name: str, kind: str = "title") -> ParsedRelease | None:
    parsed = parse(name, "radarr", kind)
    return parsed if parsed is not None and parsed.movie is not None else None


def map_release(release: ReleaseInfo, matcher: MovieMatcher) -> RemoteMovie:
    """Parse ``release`` and find its movie in the library."""
    parsed = parse_movie(release.title)
    if parsed is None:
        return RemoteRelease(
            release, parse(release.title, "radarr"), problem="Unable to parse release"
        )
    movie = matcher.match(release, parsed)
    if movie is None:
        return RemoteRelease(release, parsed, problem="Unknown Movie")
    return RemoteRelease(release, parsed, movie, (movie,))
