"""``artist``: list, get, lookup, add, update, delete.

Adds call MusicBrainz before anything is written; when it cannot be reached the client
gets a 503 and the library is unchanged. The track lists follow in the ``RefreshArtist``
command the add queues (Lidarr's order), so an add answers in a couple of seconds even at
MusicBrainz's one request per second.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library import api_fields as fields
from mediastack.music.api import artist_body
from mediastack.music.api.resources import artist_lookup_resource, artist_resource
from mediastack.music.library.model import Artist
from mediastack.music.library.service import ArtistNotFoundError, MusicLibrary
from mediastack.music.library.store import ArtistExistsError

log = logging.getLogger(__name__)


def artist_router(
    domain: ManagerDomain, library: MusicLibrary, refresh_later: Callable[[int], None]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store

    def existing(artist_id: object) -> Artist:
        artist = store.get(artist_id) if isinstance(artist_id, int) else None
        return fields.found(artist, artist_id, "Artist")

    def metadata_profile(body: dict[str, Any], default: int) -> int:
        value = fields.int_or_none(body, "metadataProfileId") or default
        if store.profile(value) is None:
            raise invalid("metadataProfileId", f"Metadata profile {value} does not exist", value)
        return value

    @router.get("/artist")
    async def list_artists(mbId: str | None = None) -> list[dict[str, Any]]:
        if mbId:
            found = await asyncio.to_thread(store.find, mbId.strip())
            return [artist_resource(found)] if found else []
        return [artist_resource(a) for a in await asyncio.to_thread(store.all)]

    @router.get("/artist/lookup")
    async def lookup(term: str = "") -> list[dict[str, Any]]:
        results = await fields.from_provider(library.lookup(term))
        out = []
        for info in results:
            held = await asyncio.to_thread(store.find, info.mbid)
            out.append(artist_resource(held) if held else artist_lookup_resource(info))
        return out

    @router.get("/artist/{artist_id}")
    async def get_artist(artist_id: int) -> dict[str, Any]:
        return artist_resource(await asyncio.to_thread(existing, artist_id))

    @router.post("/artist", status_code=201)
    async def add_artist(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        add = artist_body.add_request(body, await asyncio.to_thread(library.root_folders))
        profile = await asyncio.to_thread(store.profile, add.metadata_profile_id)
        if profile is None:
            raise invalid(
                "metadataProfileId",
                f"Metadata profile {add.metadata_profile_id} does not exist",
                add.metadata_profile_id,
            )
        if await asyncio.to_thread(store.find, add.mbid):
            raise invalid("foreignArtistId", "This artist has already been added", add.mbid)
        info = await fields.from_provider(library.resolve(add.mbid, profile), ArtistNotFoundError)
        try:
            artist = await asyncio.to_thread(library.add, info, add.options(info.name), add.monitor)
        except ArtistExistsError as exc:
            raise invalid("path", str(exc), body.get("path")) from exc
        await asyncio.to_thread(refresh_later, artist.id)
        return artist_resource(artist)

    @router.put("/artist/{artist_id}", status_code=202)
    @router.put("/artist", status_code=202)
    async def update_artist(request: Request, artist_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        artist = existing(artist_id if artist_id is not None else body.get("id"))
        roots = library.root_folders()
        changes = fields.item_changes(body, artist, roots, store.paths, "artist") | {
            "monitor_new_items": artist_body.new_items(body, artist.monitor_new_items),
            "metadata_profile_id": metadata_profile(body, artist.metadata_profile_id),
        }
        await asyncio.to_thread(store.update, artist.id, changes)
        return artist_resource(existing(artist.id))

    @router.delete("/artist/{artist_id}")
    async def delete_artist(
        artist_id: int, deleteFiles: bool = False, addImportListExclusion: bool = False
    ) -> Response:
        if not await asyncio.to_thread(library.delete, artist_id, deleteFiles):
            raise ApiError(404, f"Artist with ID {artist_id} does not exist")
        return Response(status_code=200)

    return router
