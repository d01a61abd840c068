"""The Tier 1 and Tier 2 operations of COMPAT.md for Lidarr, each with a request.

The engine's rows come from ``tests/support/contract_engine.py`` with Lidarr's names;
the music library's rows are here. ``test_routes`` holds the table and each request to
Lidarr's OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.integration.music.conftest import ED_SHEERAN
from tests.integration.music.contract.conftest import MusicRig, spare_track
from tests.support.contract import PAGING, Op, get
from tests.support.contract_engine import (
    ENGINE_NOT_IN_TIERS,
    ENGINE_TIER_PREFIXES,
    NULLABLE,
    Names,
    calendar,
    engine_ops,
    unique,
)
from tests.support.fake_musicbrainz import PLUS

NAMES = Names(
    subject_ids=("artistId", "albumId"),
    tag_ids="artistIds",
    history=("artistId", "albumId"),
    blocklist=("artistId", "albumIds"),
    include_queue={
        "includeArtist": "true",
        "includeAlbum": "true",
        "includeUnknownArtistItems": "true",
    },
    naming=("renameTracks", "standardTrackFormat", "artistFolderFormat"),
    command={"name": "RefreshArtist"},
)
ARTIST_FIELDS = (
    "id",
    "artistName",
    "foreignArtistId",
    "monitored",
    "genres",
    "path",
    "qualityProfileId",
    "metadataProfileId",
    "tags",
    "statistics.sizeOnDisk",
)
ALBUM_FIELDS = (
    "id",
    "title",
    "foreignAlbumId",
    "artistId",
    "monitored",
    "genres",
    "releaseDate",
    "statistics",
)
FILE_FIELDS = ("id", "artistId", "albumId", "path", "size", "quality.quality.name")
EXCLUSION = ("id", "foreignId", "artistName")


def update_artist(c: MusicRig) -> httpx.Response:
    current = c.api.get(f"/artist/{c.artist_id}").json()
    return c.api.put(f"/artist/{c.artist_id}", json=current)


def update_album(c: MusicRig) -> httpx.Response:
    current = c.api.get(f"/album/{c.plus_id}").json()
    return c.api.put(f"/album/{c.plus_id}", json=current)


def monitor_albums(c: MusicRig) -> httpx.Response:
    return c.api.put("/album/monitor", json={"albumIds": [c.plus_id], "monitored": True})


def edit_artists(c: MusicRig) -> httpx.Response:
    body = {"artistIds": [c.artist_id], "monitored": True, "tags": [c.tag_id], "applyTags": "add"}
    return c.api.put("/artist/editor", json=body)


def with_spare_file(c: MusicRig, then: Callable[[int], httpx.Response]) -> httpx.Response:
    return then(spare_track(c))


def update_file(c: MusicRig) -> httpx.Response:
    current = c.api.get(f"/trackfile/{c.file_id}").json()
    return c.api.put(f"/trackfile/{c.file_id}", json=current | {"releaseGroup": "GRP"})


def edit_files(c: MusicRig) -> httpx.Response:
    return c.api.put("/trackfile/editor", json={"trackFileIds": [c.file_id], "sceneName": "x"})


def exclusion_roundtrip(c: MusicRig, then: Callable[[dict[str, Any]], httpx.Response]) -> Any:
    body = {"foreignId": "aaaaaaaa-1111-4222-8333-444444444444", "artistName": "Excluded"}
    created = c.api.post("/importlistexclusion", json=body)
    assert created.status_code == 201, created.text
    try:
        return then(created.json())
    finally:
        c.api.delete(f"/importlistexclusion/{created.json()['id']}")


def add_exclusion(c: MusicRig) -> httpx.Response:
    body = {"foreignId": unique("mbid"), "artistName": "Gone"}
    response = c.api.post("/importlistexclusion", json=body)
    if response.status_code == 201:
        c.api.delete(f"/importlistexclusion/{response.json()['id']}")
    return response


def delete_exclusion(c: MusicRig) -> httpx.Response:
    body = {"foreignId": unique("mbid"), "artistName": "Gone"}
    created = c.api.post("/importlistexclusion", json=body).json()
    return c.api.delete(f"/importlistexclusion/{created['id']}")


def _profile(c: MusicRig) -> dict[str, Any]:
    current = c.api.get("/metadataprofile").json()[0]
    return {k: v for k, v in current.items() if k != "id"} | {"name": unique("Meta")}


def add_metadata_profile(c: MusicRig) -> httpx.Response:
    response = c.api.post("/metadataprofile", json=_profile(c))
    if response.status_code == 201:
        c.api.delete(f"/metadataprofile/{response.json()['id']}")
    return response


def with_metadata_profile(
    c: MusicRig, then: Callable[[dict[str, Any]], httpx.Response]
) -> httpx.Response:
    created = c.api.post("/metadataprofile", json=_profile(c)).json()
    try:
        return then(created)
    finally:
        c.api.delete(f"/metadataprofile/{created['id']}")


def delete_metadata_profile(c: MusicRig) -> httpx.Response:
    created = c.api.post("/metadataprofile", json=_profile(c)).json()
    return c.api.delete(f"/metadataprofile/{created['id']}")


OPS: list[Op] = [
    *engine_ops(NAMES),
    # ---- Tier 1: library -----------------------------------------------------------------
    Op(1, "GET", "/artist", get("/artist"), required=ARTIST_FIELDS),
    Op(1, "GET", "/artist/{id}", get("/artist/{c.artist_id}"), required=ARTIST_FIELDS),
    Op(
        1,
        "GET",
        "/artist/lookup",
        get("/artist/lookup", term=f"lidarr:{ED_SHEERAN}"),
        required=("artistName", "foreignArtistId"),
    ),
    Op(1, "PUT", "/artist/{id}", update_artist, 202, required=ARTIST_FIELDS),
    # ---- Tier 1: activity ----------------------------------------------------------------
    Op(
        1,
        "GET",
        "/wanted/missing",
        get("/wanted/missing", pageSize=1),
        required=(*PAGING, "id", "title", "artistId", "monitored"),
    ),
    Op(
        1,
        "GET",
        "/wanted/cutoff",
        get("/wanted/cutoff", pageSize=5, includeArtist="true"),
        required=(*PAGING, "id", "title", "artistId", "artist.artistName"),
    ),
    Op(
        1,
        "GET",
        "/calendar",
        lambda c: calendar(c, unmonitored="true", includeArtist="true"),
        required=("title", "releaseDate", "grabbed", "artist.artistName"),
    ),
    # ---- Tier 2: albums, track files, bulk artists (exportarr, Kometa) ---------------------
    Op(
        2,
        "GET",
        "/album",
        lambda c: c.api.get("/album", params={"artistId": c.artist_id}),
        required=ALBUM_FIELDS,
    ),
    Op(2, "GET", "/album/{id}", get("/album/{c.plus_id}"), required=ALBUM_FIELDS),
    Op(2, "PUT", "/album/{id}", update_album, 202, required=ALBUM_FIELDS),
    Op(2, "PUT", "/album/monitor", monitor_albums, 202),
    Op(
        2,
        "GET",
        "/album/lookup",
        get("/album/lookup", term=f"lidarr:{PLUS}"),
        required=("title", "foreignAlbumId"),
    ),
    Op(
        2,
        "GET",
        "/trackfile",
        lambda c: c.api.get("/trackfile", params={"artistId": c.artist_id}),
        required=FILE_FIELDS,
    ),
    Op(2, "GET", "/trackfile/{id}", get("/trackfile/{c.file_id}"), required=FILE_FIELDS),
    Op(2, "PUT", "/trackfile/{id}", update_file, 202, required=(*FILE_FIELDS, "releaseGroup")),
    Op(
        2,
        "DELETE",
        "/trackfile/{id}",
        lambda c: with_spare_file(c, lambda fid: c.api.delete(f"/trackfile/{fid}")),
    ),
    Op(2, "PUT", "/trackfile/editor", edit_files, 202),
    Op(
        2,
        "DELETE",
        "/trackfile/bulk",
        lambda c: with_spare_file(
            c, lambda fid: c.api.request("DELETE", "/trackfile/bulk", json={"trackFileIds": [fid]})
        ),
    ),
    Op(2, "PUT", "/artist/editor", edit_artists, 202, component="ArtistResource", many=True),
    Op(
        2,
        "GET",
        "/importlistexclusion",
        lambda c: exclusion_roundtrip(c, lambda _e: c.api.get("/importlistexclusion")),
        required=EXCLUSION,
    ),
    Op(2, "POST", "/importlistexclusion", add_exclusion, 201, required=EXCLUSION),
    Op(
        2,
        "GET",
        "/importlistexclusion/{id}",
        lambda c: exclusion_roundtrip(c, lambda e: c.api.get(f"/importlistexclusion/{e['id']}")),
        required=EXCLUSION,
    ),
    Op(
        2,
        "PUT",
        "/importlistexclusion/{id}",
        lambda c: exclusion_roundtrip(
            c,
            lambda e: c.api.put(
                f"/importlistexclusion/{e['id']}", json=e | {"artistName": "Renamed"}
            ),
        ),
        202,
        required=EXCLUSION,
    ),
    Op(2, "DELETE", "/importlistexclusion/{id}", delete_exclusion),
    # ---- metadata profiles (the album types an artist brings in) ---------------------------
    Op(
        2,
        "GET",
        "/metadataprofile",
        get("/metadataprofile"),
        required=("id", "name", "primaryAlbumTypes", "secondaryAlbumTypes", "releaseStatuses"),
    ),
    Op(2, "POST", "/metadataprofile", add_metadata_profile, 201, required=("id", "name")),
    Op(
        2,
        "GET",
        "/metadataprofile/{id}",
        lambda c: with_metadata_profile(c, lambda p: c.api.get(f"/metadataprofile/{p['id']}")),
        required=("id", "name", "primaryAlbumTypes"),
    ),
    Op(
        2,
        "PUT",
        "/metadataprofile/{id}",
        lambda c: with_metadata_profile(
            c, lambda p: c.api.put(f"/metadataprofile/{p['id']}", json=p | {"name": unique("M")})
        ),
        202,
        required=("id", "name"),
    ),
    Op(2, "DELETE", "/metadataprofile/{id}", delete_metadata_profile),
    Op(
        2,
        "GET",
        "/metadataprofile/schema",
        get("/metadataprofile/schema"),
        required=("primaryAlbumTypes", "secondaryAlbumTypes", "releaseStatuses"),
    ),
]

NOT_IN_TIERS: dict[str, str] = {
    **ENGINE_NOT_IN_TIERS,
    "POST /artist": "covered by the artist API tests (an add queues a MusicBrainz refresh)",
    "DELETE /artist/{id}": "covered by the artist API tests",
    "DELETE /artist/editor": "Tier 2, in test_artist_editor (needs an artist to lose)",
    "POST /album": "pyarr only (COMPAT 3c): not in a tier; albums come with their artist",
    "DELETE /album/{id}": "pyarr only (COMPAT 3c): not in a tier",
    "GET /calendar/{id}": "Tier 3",
    "PUT /rootfolder/{id}": "Tier 3",
    "GET /wanted/missing/{id}": "Tier 3",
    "GET /wanted/cutoff/{id}": "Tier 3",
    "GET /history/artist": "Tier 3",
}

TIER_PREFIXES = (
    *ENGINE_TIER_PREFIXES,
    "artist",
    "album",
    "trackfile",
    "importlistexclusion",
    "metadataprofile",
)

__all__ = ["NOT_IN_TIERS", "NULLABLE", "OPS", "TIER_PREFIXES"]
