"""Rescanning a movie folder: the video file on disk becomes (or stops being) its file.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanMovie`` promises and what an import of an existing library
needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mediastack.manager.library.media_files import find_files
from mediastack.movies.library.matching import pick_movie_file
from mediastack.movies.library.model import Movie
from mediastack.movies.library.store import MovieStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScanResult:
    added: int
    removed: int


def rescan(store: MovieStore, movie: Movie) -> ScanResult:
    found = pick_movie_file(find_files(Path(movie.path)))
    added, removed = store.sync_file(movie.id, found)
    if added or removed:
        log.info("rescan of %s: %d file added, %d removed", movie.title, added, removed)
    return ScanResult(added, removed)
