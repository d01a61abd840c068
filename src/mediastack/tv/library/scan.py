"""Rescanning a series folder: files on disk become (or stop being) episode files.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanSeries`` promises and what an import of an existing library
needs.
"""

from __future__ import annotations

from pathlib import Path

from mediastack.manager.library.media_files import VIDEO_EXTENSIONS, FoundFile, place_files
from mediastack.tv.library.matching import match_episodes
from mediastack.tv.library.model import Series
from mediastack.tv.library.store import FileMatch, SyncResult, TvLibraryStore


def _place(item: FoundFile) -> FileMatch | None:
    claim = match_episodes(item.path.name)
    if claim is None:
        return None
    path = str(item.path)
    return FileMatch(
        item.relative_path,
        path,
        item.size,
        claim.season_number,
        claim.episode_numbers,
        claim.quality,
        claim.release_group,
    )


def rescan(store: TvLibraryStore, series: Series) -> SyncResult:
    found, unmatched = place_files(Path(series.path), _place, VIDEO_EXTENSIONS)
    result = store.sync_files(series.id, found, unmatched)
    result.log(series.title)
    return result
