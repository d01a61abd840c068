"""Lidarr's words in the release, queue, history and blocklist resources.

``artistId``/``albumId``, ``includeArtist``/``includeAlbum``, Lidarr's history event names
(``trackFileImported``, ``trackFileDeleted``...) and their codes (``EntityHistoryEventType``
order), and a release's ``artistName``, ``albumTitle`` and ``discography``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.http import ApiError
from mediastack.manager.api.resources import invalid
from mediastack.manager.grab.api.presenter import ApiNames, SearchTarget
from mediastack.manager.history import HistoryEventType
from mediastack.manager.library.api_fields import query_ids
from mediastack.manager.search.model import ReleaseDecision
from mediastack.music.api.resources import album_resource, artist_resource
from mediastack.music.library.model import Album, Artist
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.search.criteria import album_criteria, artist_criteria

NAMES = ApiNames(
    subject="artist",
    item="album",
    push_answers_one=True,
    event_names={
        HistoryEventType.GRABBED: "grabbed",
        HistoryEventType.SERIES_FOLDER_IMPORTED: "artistFolderImported",
        HistoryEventType.DOWNLOAD_FOLDER_IMPORTED: "trackFileImported",
        HistoryEventType.DOWNLOAD_FAILED: "downloadFailed",
        HistoryEventType.FILE_DELETED: "trackFileDeleted",
        HistoryEventType.FILE_RENAMED: "trackFileRenamed",
        HistoryEventType.DOWNLOAD_IGNORED: "downloadIgnored",
    },
    event_codes={
        HistoryEventType.GRABBED: 1,
        HistoryEventType.SERIES_FOLDER_IMPORTED: 2,
        HistoryEventType.DOWNLOAD_FOLDER_IMPORTED: 3,
        HistoryEventType.DOWNLOAD_FAILED: 4,
        HistoryEventType.FILE_DELETED: 5,
        HistoryEventType.FILE_RENAMED: 6,
        HistoryEventType.DOWNLOAD_IGNORED: 10,
    },
)


def _id(params: Mapping[str, str], key: str) -> int | None:
    """``albumId=5`` (the first, when a client sends a list)."""
    found = query_ids([params[key]] if params.get(key) else None, key)
    return found[0] if found else None


class MusicGrabPresenter:
    names = NAMES

    def __init__(self, store: MusicLibraryStore, url_base: str) -> None:
        self.store = store
        self.url_base = url_base

    def _artist(self, artist_id: int) -> Artist:
        artist = self.store.get(artist_id)
        if artist is None:
            raise ApiError(404, f"Artist with ID {artist_id} does not exist")
        return artist

    def search_target(self, params: Mapping[str, str]) -> SearchTarget:
        album_id, artist_id = _id(params, "albumId"), _id(params, "artistId")
        if album_id is not None:
            album = self.store.album(album_id)
            if album is None:
                raise ApiError(404, f"Album with ID {album_id} does not exist")
            artist = self._artist(album.artist_id)
            return SearchTarget([album_criteria(artist, album)], [album.id])
        if artist_id is None:
            raise invalid("albumId", "Either albumId or artistId is required")
        artist = self._artist(artist_id)
        albums = self.store.albums(artist_id)
        return SearchTarget([artist_criteria(artist)], [a.id for a in albums])

    def release_fields(self, rd: ReleaseDecision[Artist, Album]) -> dict[str, Any]:
        info = rd.decision.candidate.parsed.music
        artist, albums = rd.subject, rd.items
        return {
            "discography": bool(info and info.discography),
            "airDate": None,
            "artistName": info.artist if info else None,
            "albumTitle": info.album if info else None,
            "artistId": artist.id if artist else None,
            "albumId": albums[0].id if len(albums) == 1 else None,
            "mappedAlbumIds": [a.id for a in albums],
        }

    def subject_resource(self, subject_id: int) -> dict[str, Any] | None:
        artist = self.store.get(subject_id)
        return artist_resource(artist) if artist is not None else None

    def item_resource(self, item_id: int) -> dict[str, Any] | None:
        album = self.store.album(item_id)
        return album_resource(album, None, self.url_base) if album is not None else None

    def queue_fields(self, subject_id: int, item_id: int) -> dict[str, Any]:
        album = self.store.album(item_id)
        if album is None:
            return {"trackFileCount": 0, "trackHasFileCount": 0}
        stats = album.statistics
        return {
            "trackFileCount": stats.total_track_count,
            "trackHasFileCount": stats.track_file_count,
        }

    def profile_id(self, subject_id: int) -> int | None:
        artist = self.store.get(subject_id)
        return artist.quality_profile_id if artist is not None else None

    def history_children(self, subject_id: int, params: Mapping[str, str]) -> set[int] | None:
        album_id = _id(params, "albumId")
        return {album_id} if album_id is not None else None
