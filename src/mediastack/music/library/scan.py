"""Rescanning an artist folder: audio files on disk become (or stop being) track files.

No file is moved, renamed or deleted here; the scan only reconciles the database with the
folder, which is what ``RescanArtist`` promises and what an existing library needs. Tags
are read from new files only: a rescan of a large, unchanged library stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from mediastack.manager.library.media_files import ScanResult, find_files
from mediastack.music.library.matching import match_track
from mediastack.music.library.model import Artist
from mediastack.music.library.store import FileMatch, MusicLibraryStore
from mediastack.music.tags import AUDIO_EXTENSIONS, read_tags


def rescan(store: MusicLibraryStore, artist: Artist) -> ScanResult:
    folder = Path(artist.path)
    known = {f.relative_path: f for f in store.files(artist.id)}
    albums = store.albums(artist.id)
    tracks = store.tracks(artist.id)
    found: list[FileMatch] = []
    unmatched = 0
    for item in find_files(folder, AUDIO_EXTENSIONS):
        held = known.get(item.relative_path)
        if held is not None:
            found.append(FileMatch(item.relative_path, str(item.path), item.size, 0, 0, {}))
            continue
        tags = read_tags(item.path)
        track = match_track(item.relative_path, tags, albums, tracks)
        if track is None:
            unmatched += 1
            continue
        found.append(
            FileMatch(
                relative_path=item.relative_path,
                path=str(item.path),
                size=item.size,
                track_id=track.id,
                album_id=track.album_id,
                tags=tags.as_dict() if tags else {},
            )
        )
    result = store.sync_files(artist.id, found, unmatched)
    result.log(artist.name)
    return result
