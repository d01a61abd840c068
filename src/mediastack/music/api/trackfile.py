"""``trackfile`` edits and deletes: Lidarr's quality, scene name and release group
corrections (``PUT``, ``editor``) and removing files (``DELETE``, ``bulk``), on the
engine's file routes.

A delete moves the file into the recycle bin (deleted without one, as Lidarr), records
``trackFileDeleted`` with the reason ``Manual`` for its album, and leaves its tracks
without a file. The reads (``GET trackfile``) live with the albums and tracks.
"""

from __future__ import annotations

from fastapi import APIRouter

from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.file_edits import FileEdits
from mediastack.manager.library.file_removal import FileRemoval, RemovedFile
from mediastack.manager.library.file_routes import FileRoutes, file_write_router
from mediastack.music.api.resources import track_file_resource
from mediastack.music.library.model import TrackFile
from mediastack.music.library.store import MusicLibraryStore


def trackfile_router(
    domain: ManagerDomain, store: MusicLibraryStore, edits: FileEdits, removal: FileRemoval
) -> APIRouter:
    def find(file_id: int) -> TrackFile | None:
        files = store.files(None, None, [file_id])
        return files[0] if files else None

    def removed(file: TrackFile) -> RemovedFile:
        artist = store.get(file.artist_id)
        folder = artist.path if artist is not None else file.path
        quality = track_file_resource(file)["quality"]
        return RemovedFile(file.path, folder, file.artist_id, [file.album_id], quality)

    routes = FileRoutes(
        "trackfile",
        "trackFileIds",
        "Track file",
        find,
        track_file_resource,
        removed,
        edits,
        removal,
    )
    return file_write_router(domain, routes)
