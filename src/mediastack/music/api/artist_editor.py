"""``artist/editor``: Lidarr's bulk edit and delete (Kometa and bulk scripts).

``PUT`` applies ``monitored``, ``monitorNewItems``, ``qualityProfileId``,
``metadataProfileId``, ``rootFolderPath`` and ``tags`` (with ``applyTags``) to every
artist named, all values checked before any artist changes; ``DELETE`` forgets them (and
their folders with ``deleteFiles``), adding an import list exclusion per artist when
``addImportListExclusion`` is set.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.library.api_fields import (
    apply_tags,
    body_ids,
    int_or_none,
    quality_profile_id,
    tag_ids,
)
from mediastack.manager.library.folders import LibraryPathError, configured_root
from mediastack.music.api import artist_body
from mediastack.music.api.resources import artist_resource
from mediastack.music.library.model import Artist
from mediastack.music.library.service import MusicLibrary


def artist_editor_router(
    domain: ManagerDomain, library: MusicLibrary, exclusions: ImportListExclusionStore
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store

    def existing(artist_id: int) -> Artist:
        artist = store.get(artist_id)
        if artist is None:
            raise ApiError(404, f"Artist with ID {artist_id} does not exist")
        return artist

    def shared_changes(body: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if body.get("monitored") is not None:
            changes["monitored"] = bool(body["monitored"])
        if body.get("monitorNewItems") is not None:
            changes["monitor_new_items"] = artist_body.new_items(body, "all")
        if body.get("qualityProfileId") is not None:
            changes["quality_profile_id"] = quality_profile_id(body)
        metadata = int_or_none(body, "metadataProfileId")
        if metadata is not None:
            if store.profile(metadata) is None:
                message = f"Metadata profile {metadata} does not exist"
                raise invalid("metadataProfileId", message, metadata)
            changes["metadata_profile_id"] = metadata
        if body.get("rootFolderPath"):
            try:
                root = configured_root(str(body["rootFolderPath"]), library.root_folders())
            except LibraryPathError as exc:
                raise invalid("rootFolderPath", str(exc), body["rootFolderPath"]) from exc
            changes["root_folder_path"] = str(root)
        return changes

    def edit(body: dict[str, Any]) -> list[dict[str, Any]]:
        artists = [existing(i) for i in body_ids(body, "artistIds")]
        changes = shared_changes(body)
        given = tag_ids(body) if body.get("tags") is not None else None
        for artist in artists:
            own = dict(changes)
            if given is not None:
                own["tags"] = apply_tags(artist.tags, given, body.get("applyTags"))
            if "root_folder_path" in own:  # the folder keeps its name under the new root
                own["path"] = f"{own['root_folder_path']}/{artist.path.rstrip('/').rsplit('/')[-1]}"
            store.update(artist.id, own)
        return [artist_resource(existing(a.id)) for a in artists]

    def delete(body: dict[str, Any]) -> None:
        artists = [existing(i) for i in body_ids(body, "artistIds")]
        for artist in artists:
            if body.get("addImportListExclusion") and exclusions.find(artist.mbid) is None:
                exclusions.save(None, artist.mbid, artist.name)
            library.delete(artist.id, bool(body.get("deleteFiles")))

    @router.put("/artist/editor", status_code=202)
    async def edit_artists(request: Request) -> list[dict[str, Any]]:
        return await asyncio.to_thread(edit, await json_body(request))

    @router.delete("/artist/editor")
    async def delete_artists(request: Request) -> Response:
        await asyncio.to_thread(delete, await json_body(request))
        return Response(status_code=200)

    return router
