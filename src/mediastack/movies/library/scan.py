"""Rescanning a movie folder: the video file on disk becomes (or stops being) its file.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanMovie`` promises and what an import of an existing library
needs.
"""

from __future__ import annotations

from pathlib import Path

from mediastack.manager.library.media_files import ScanResult, find_files
from mediastack.movies.library.matching import pick_movie_file
from mediastack.movies.library.model import Movie
from mediastack.movies.library.store import MovieStore


def rescan(store: MovieStore, movie: Movie) -> ScanResult:
    found = pick_movie_file(find_files(Path(movie.path)))
    result = ScanResult(*store.sync_file(movie.id, found))
    if result.changed:
        result.log(movie.title)
    return result
