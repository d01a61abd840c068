"""Search criteria for a movie: its ids first, then its titles with the year."""

from __future__ import annotations

from mediastack.manager.indexers.search import MovieSearch
from mediastack.movies.library.model import Movie


def movie_criteria(movie: Movie) -> MovieSearch:
    titles = [movie.title]
    if movie.original_title and movie.original_title != movie.title:
        titles.append(movie.original_title)
    return MovieSearch(
        titles=tuple(titles), year=movie.year, imdb_id=movie.imdb_id, tmdb_id=movie.tmdb_id
    )
