"""Rescanning a series folder: files on disk become (or stop being) episode files.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanSeries`` promises and what an import of an existing library
needs.
"""

from __future__ import annotations

from pathlib import Path

from mediastack.manager.library.media_files import find_files
from mediastack.tv.library.matching import match_episodes
from mediastack.tv.library.model import Series
from mediastack.tv.library.store import FileMatch, SyncResult, TvLibraryStore


def rescan(store: TvLibraryStore, series: Series) -> SyncResult:
    folder = Path(series.path)
    found: list[FileMatch] = []
    unmatched = 0
    for item in find_files(folder):
        claim = match_episodes(item.path.name)
        if claim is None:
            unmatched += 1
            continue
        found.append(
            FileMatch(
                relative_path=item.relative_path,
                path=str(item.path),
                size=item.size,
                season_number=claim.season_number,
                episode_numbers=claim.episode_numbers,
            )
        )
    result = store.sync_files(series.id, found, unmatched)
    result.log(series.title)
    return result
