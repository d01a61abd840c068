"""Rescanning an artist folder: audio files on disk become (or stop being) track files.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanArtist`` promises and what an existing library needs. Tags
are read from new files only: a rescan of a large, unchanged library stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from mediastack.manager.library.media_files import FoundFile, ScanResult, place_files
from mediastack.music.library.matching import match_track
from mediastack.music.library.model import Artist
from mediastack.music.library.store import FileMatch, MusicLibraryStore
from mediastack.music.tags import AUDIO_EXTENSIONS, read_tags


def rescan(store: MusicLibraryStore, artist: Artist) -> ScanResult:
    known = {f.relative_path for f in store.files(artist.id)}
    albums = store.albums(artist.id)
    tracks = store.tracks(artist.id)

    def place(item: FoundFile) -> FileMatch | None:
        path = str(item.path)
        if item.relative_path in known:
            return FileMatch(item.relative_path, path, item.size, 0, 0, {})
        tags = read_tags(item.path)
        track = match_track(item.relative_path, tags, albums, tracks)
        if track is None:
            return None
        found = tags.as_dict() if tags else {}
        return FileMatch(item.relative_path, path, item.size, track.id, track.album_id, found)

    found, unmatched = place_files(Path(artist.path), place, AUDIO_EXTENSIONS)
    result = store.sync_files(artist.id, found, unmatched)
    result.log(artist.name)
    return result
