"""``album``, ``album/monitor``, ``album/lookup``, ``track`` and ``trackfile``: what
exportarr sums and pyarr reads and toggles."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import body_ids, from_provider, query_ids
from mediastack.music.api.resources import (
    album_lookup_resource,
    album_resource,
    track_file_resource,
    track_resource,
)
from mediastack.music.library.model import Album, Artist
from mediastack.music.library.service import MusicLibrary


def render_albums(
    library: MusicLibrary, albums: list[Album], url_base: str, with_artist: bool = True
) -> list[dict[str, Any]]:
    artists: dict[int, Artist] = {}
    if with_artist:
        for artist_id in {a.artist_id for a in albums}:
            found = library.store.get(artist_id)
            if found is not None:
                artists[artist_id] = found
    return [album_resource(a, artists.get(a.artist_id), url_base) for a in albums]


def album_router(domain: ManagerDomain, library: MusicLibrary, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store

    def one(album_id: int) -> dict[str, Any]:
        album = store.album(album_id)
        if album is None:
            raise ApiError(404, f"Album with ID {album_id} does not exist")
        return render_albums(library, [album], url_base)[0]

    @router.get("/album")
    async def list_albums(
        artistId: int | None = None,
        albumIds: Annotated[list[str] | None, Query()] = None,
        foreignAlbumId: str | None = None,
        includeAllArtistAlbums: bool = False,
    ) -> list[dict[str, Any]]:
        wanted = query_ids(albumIds, "albumIds")
        albums = await asyncio.to_thread(store.albums, artistId, wanted, foreignAlbumId)
        return await asyncio.to_thread(render_albums, library, albums, url_base)

    @router.get("/album/lookup")
    async def lookup(term: str = "") -> list[dict[str, Any]]:
        results = await from_provider(library.lookup_albums(term))
        out = []
        for info in results:
            held = await asyncio.to_thread(store.albums, None, None, info.mbid)
            if held:
                out += await asyncio.to_thread(render_albums, library, held[:1], url_base)
            else:
                out.append(album_lookup_resource(info))
        return out

    @router.put("/album/monitor", status_code=202)
    async def monitor(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        album_ids = body_ids(body, "albumIds")
        changed = await asyncio.to_thread(
            store.set_albums_monitored, album_ids, bool(body.get("monitored", False))
        )
        albums = await asyncio.to_thread(store.albums, None, changed)
        return await asyncio.to_thread(render_albums, library, albums, url_base, False)

    @router.get("/album/{album_id}")
    async def get_album(album_id: int) -> dict[str, Any]:
        return await asyncio.to_thread(one, album_id)

    @router.put("/album/{album_id}", status_code=202)
    @router.put("/album", status_code=202)
    async def update_album(request: Request, album_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = album_id if album_id is not None else body.get("id")
        if not isinstance(target, int) or store.album(target) is None:
            raise ApiError(404, f"Album with ID {target} does not exist")
        changes: dict[str, Any] = {}
        if "monitored" in body:
            changes["monitored"] = bool(body["monitored"])
        if "anyReleaseOk" in body:
            changes["any_release_ok"] = bool(body["anyReleaseOk"])
        await asyncio.to_thread(store.update_album, target, changes)
        return await asyncio.to_thread(one, target)

    @router.get("/track")
    async def list_tracks(
        artistId: int | None = None,
        albumId: int | None = None,
        albumReleaseId: int | None = None,
        trackIds: Annotated[list[str] | None, Query()] = None,
    ) -> list[dict[str, Any]]:
        wanted = query_ids(trackIds, "trackIds")
        if artistId is None and albumId is None and wanted is None:
            raise invalid("artistId", "One of artistId, albumId or trackIds must be provided")
        tracks = await asyncio.to_thread(store.tracks, artistId, albumId, wanted)
        return [track_resource(t) for t in tracks]

    @router.get("/track/{track_id}")
    async def get_track(track_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.tracks, None, None, [track_id])
        if not found:
            raise ApiError(404, f"Track with ID {track_id} does not exist")
        track = found[0]
        files = (
            await asyncio.to_thread(store.files, None, None, [track.track_file_id])
            if track.track_file_id
            else []
        )
        return track_resource(track, files[0] if files else None)

    @router.get("/trackfile")
    async def list_files(
        artistId: int | None = None,
        trackFileIds: Annotated[list[str] | None, Query()] = None,
        albumId: Annotated[list[str] | None, Query()] = None,
        unmapped: bool = False,
    ) -> list[dict[str, Any]]:
        file_ids = query_ids(trackFileIds, "trackFileIds")
        album_ids = query_ids(albumId, "albumId")
        if unmapped:
            return []  # files outside any album are not tracked yet
        if artistId is None and file_ids is None and album_ids is None:
            raise invalid(
                "artistId", "artistId, albumId, trackFileIds or unmapped must be provided"
            )
        files = await asyncio.to_thread(store.files, artistId, album_ids, file_ids)
        return [track_file_resource(f) for f in files]

    @router.get("/trackfile/{file_id}")
    async def get_file(file_id: int) -> dict[str, Any]:
        files = await asyncio.to_thread(store.files, None, None, [file_id])
        if not files:
            raise ApiError(404, f"Track file with ID {file_id} does not exist")
        return track_file_resource(files[0])

    return router
