"""Lidarr's keys of a manual-import item: the artist, the album, its tracks, the tags.

Lidarr's manual import names the files' items as tracks (``trackIds``, ``tracks``), while
its queue and history name albums; the import path therefore speaks of tracks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from mediastack.music.api.resources import (
    album_resource,
    artist_resource,
    audio_tags_resource,
    track_resource,
)
from mediastack.music.grab.presenter import NAMES
from mediastack.music.importing.domain import MusicImportCandidate
from mediastack.music.library.store import MusicLibraryStore

IMPORT_NAMES = replace(NAMES, item="track")


class MusicImportPresenter:
    names = IMPORT_NAMES

    def __init__(self, store: MusicLibraryStore, url_base: str) -> None:
        self.store = store
        self.url_base = url_base

    def candidate_fields(self, candidate: MusicImportCandidate) -> dict[str, Any]:
        tracks = candidate.items
        album = self.store.album(tracks[0].album_id) if tracks else None
        out: dict[str, Any] = {
            "tracks": [track_resource(t) for t in tracks],
            "albumReleaseId": 0,
            "audioTags": audio_tags_resource(dict(candidate.extra.get("tags") or {})),
            "additionalFile": False,
            "replaceExistingFiles": True,
            "disableReleaseSwitching": False,
        }
        if candidate.subject is not None:
            out["artist"] = artist_resource(candidate.subject)
        if album is not None:
            out["album"] = album_resource(album, None, self.url_base)
        return out

    def wanted(self, candidate: MusicImportCandidate, params: Mapping[str, str]) -> bool:
        album = params.get("albumId")
        if not album or not album.isdigit() or not candidate.items:
            return True
        return candidate.items[0].album_id == int(album)
