"""The library in Lidarr v1's JSON shapes (``ArtistResource``, ``AlbumResource``, ...).

Field names and value formats follow Lidarr exactly, because clients branch on them:
Overseerr-style clients tell "add" from "update" by the presence of ``id`` on a lookup
result, exportarr sums ``statistics``, Homepage's calendar reads ``artist.artistName``
and ``releaseDate``. MusicBrainz ids are ``foreignArtistId`` / ``foreignAlbumId``.
"""

from __future__ import annotations

from typing import Any

from mediastack.manager.api.resources import iso
from mediastack.manager.grab.resources import quality_model
from mediastack.manager.library.folders import folder_name
from mediastack.manager.library.resources import NEVER, day, file_fields
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import by_name
from mediastack.music.library.model import (
    Album,
    Artist,
    MetadataProfile,
    Statistics,
    Track,
    TrackFile,
)
from mediastack.music.library.store import clean_name, release_record
from mediastack.music.metadata.models import AlbumInfo, ArtistInfo
from mediastack.music.metadata.musicbrainz_mapping import (
    PRIMARY_TYPES,
    RELEASE_STATUSES,
    SECONDARY_TYPES,
)
from mediastack.music.tags import AudioTags


def _ratings(value: float | None, votes: int) -> dict[str, Any]:
    return {"votes": votes, "value": round(value or 0.0, 2)}


def statistics_resource(stats: Statistics, album_count: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "trackFileCount": stats.track_file_count,
        "trackCount": stats.track_count,
        "totalTrackCount": stats.total_track_count,
        "sizeOnDisk": stats.size_on_disk,
        "percentOfTracks": round(stats.percent_of_tracks, 2),
    }
    if album_count is not None:
        out = {"albumCount": album_count, **out}
    return out


def _links(links: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"url": link["url"], "name": link["name"]} for link in links]


def artist_resource(artist: Artist) -> dict[str, Any]:
    return {
        "id": artist.id,
        "status": artist.status,
        "ended": artist.status == "ended",
        "artistName": artist.name,
        "foreignArtistId": artist.mbid,
        "mbId": artist.mbid,
        "tadbId": 0,
        "discogsId": 0,
        "overview": artist.overview,
        "artistType": artist.artist_type,
        "disambiguation": artist.disambiguation,
        "links": _links(artist.links),
        "images": [],
        "members": [],
        "path": artist.path,
        "qualityProfileId": artist.quality_profile_id,
        "metadataProfileId": artist.metadata_profile_id,
        "monitored": artist.monitored,
        "monitorNewItems": artist.monitor_new_items,
        "rootFolderPath": artist.root_folder_path,
        "folder": artist.path.rstrip("/").rsplit("/", 1)[-1],
        "genres": artist.genres,
        "cleanName": artist.clean_name,
        "sortName": artist.sort_name,
        "tags": artist.tags,
        "added": iso(artist.added),
        "ratings": _ratings(artist.rating, artist.rating_votes),
        "statistics": statistics_resource(artist.statistics, artist.album_count),
    }


def artist_lookup_resource(info: ArtistInfo) -> dict[str, Any]:
    """A provider result not in the library: no ``id`` and no ``path`` (clients test for
    them)."""
    return {
        "status": info.status,
        "ended": info.status == "ended",
        "artistName": info.name,
        "foreignArtistId": info.mbid,
        "mbId": info.mbid,
        "tadbId": 0,
        "discogsId": 0,
        "overview": info.overview,
        "artistType": info.artist_type,
        "disambiguation": info.disambiguation,
        "links": [{"url": link.url, "name": link.name} for link in info.links],
        "images": [],
        "members": [],
        "qualityProfileId": 0,
        "metadataProfileId": 0,
        "monitored": False,
        "monitorNewItems": "all",
        "folder": folder_name(info.name),
        "genres": info.genres,
        "cleanName": clean_name(info.name),
        "sortName": info.sort_name,
        "tags": [],
        "added": NEVER,
        "ratings": _ratings(info.rating, info.rating_votes),
        "statistics": statistics_resource(Statistics(), 0),
    }


def _media(release: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        {"mediumNumber": m["number"], "mediumName": m["name"], "mediumFormat": m["format"]}
        for m in (release or {}).get("media", [])
    ]


def _release_resource(
    album_id: int, index: int, record: dict[str, Any], chosen: bool
) -> dict[str, Any]:
    return {
        "id": index,
        "albumId": album_id,
        "foreignReleaseId": record["mbid"],
        "title": record.get("title") or "",
        "status": record.get("status") or "Official",
        "duration": int(record.get("duration") or 0),
        "trackCount": int(record.get("trackCount") or 0),
        "media": _media(record),
        "mediumCount": len(record.get("media") or []),
        "disambiguation": record.get("disambiguation") or "",
        "country": list(record.get("countries") or []),
        "label": list(record.get("labels") or []),
        "format": record.get("format") or "",
        "monitored": chosen,
    }


def _cover(album_id: int | None, remote: str | None, url_base: str) -> list[dict[str, Any]]:
    if not remote:
        return []
    local = f"{url_base}/MediaCover/Albums/{album_id}/cover.jpg" if album_id else remote
    return [{"coverType": "cover", "url": local, "remoteUrl": remote, "extension": ".jpg"}]


def album_resource(
    album: Album, artist: Artist | None = None, url_base: str = ""
) -> dict[str, Any]:
    chosen = album.chosen_release
    resource: dict[str, Any] = {
        "id": album.id,
        "title": album.title,
        "disambiguation": album.disambiguation,
        "overview": "",
        "artistId": album.artist_id,
        "foreignAlbumId": album.mbid,
        "monitored": album.monitored,
        "anyReleaseOk": album.any_release_ok,
        "profileId": artist.metadata_profile_id if artist else 1,
        "duration": int((chosen or {}).get("duration") or 0),
        "albumType": album.album_type,
        "secondaryTypes": album.secondary_types,
        "mediumCount": len((chosen or {}).get("media") or []),
        "ratings": _ratings(album.rating, album.rating_votes),
        "releaseDate": day(album.release_date),
        "releases": [
            _release_resource(album.id, i, r, r.get("mbid") == album.release_mbid)
            for i, r in enumerate(album.releases, start=1)
        ],
        "genres": album.genres,
        "media": _media(chosen),
        "images": _cover(album.id, album.cover_url, url_base),
        "links": [],
        "statistics": statistics_resource(album.statistics),
        "grabbed": False,
    }
    if album.cover_url:
        resource["remoteCover"] = album.cover_url
    if artist is not None:
        resource["artist"] = artist_resource(artist)
    return resource


def album_lookup_resource(info: AlbumInfo) -> dict[str, Any]:
    releases = [release_record(r) for r in info.releases]
    resource: dict[str, Any] = {
        "title": info.title,
        "disambiguation": info.disambiguation,
        "overview": "",
        "artistId": 0,
        "foreignAlbumId": info.mbid,
        "monitored": False,
        "anyReleaseOk": True,
        "profileId": 0,
        "duration": 0,
        "albumType": info.album_type,
        "secondaryTypes": info.secondary_types,
        "mediumCount": 0,
        "ratings": _ratings(info.rating, info.rating_votes),
        "releaseDate": day(info.release_date),
        "releases": [_release_resource(0, i, r, False) for i, r in enumerate(releases, start=1)],
        "genres": info.genres,
        "media": [],
        "images": [],
        "links": [],
        "statistics": statistics_resource(Statistics()),
    }
    if info.artist_mbid:
        resource["artist"] = {
            "artistName": info.artist_name or "",
            "foreignArtistId": info.artist_mbid,
            "mbId": info.artist_mbid,
        }
    return resource


def track_resource(track: Track, file: TrackFile | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": track.id,
        "artistId": track.artist_id,
        "foreignTrackId": track.mbid,
        "foreignRecordingId": track.recording_mbid,
        "trackFileId": track.track_file_id or 0,
        "albumId": track.album_id,
        "explicit": False,
        "absoluteTrackNumber": track.absolute_number,
        "trackNumber": track.track_number,
        "title": track.title,
        "duration": track.duration_ms or 0,
        "mediumNumber": track.medium_number,
        "hasFile": track.has_file,
        "ratings": _ratings(None, 0),
    }
    if file is not None:
        resource["trackFile"] = track_file_resource(file)
    return resource


def track_file_resource(file: TrackFile) -> dict[str, Any]:
    quality = by_name("lidarr", file.quality)
    return {
        "id": file.id,
        "artistId": file.artist_id,
        "albumId": file.album_id,
        **file_fields(file, relative_path=False),
        "quality": quality_model("lidarr", quality, Revision()),
        "qualityWeight": quality.weight * 100,
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "mediaInfo": _media_info(file.audio_tags),
        "qualityCutoffNotMet": False,
        "audioTags": audio_tags_resource(file.audio_tags),
    }


def _media_info(tags: dict[str, Any]) -> dict[str, Any]:
    known = {k: v for k, v in tags.items() if k in AudioTags.__dataclass_fields__}
    return AudioTags(**known).media_info()


def audio_tags_resource(tags: dict[str, Any]) -> dict[str, Any]:
    """Lidarr's ``ParsedTrackInfo`` names for what the tag reader found."""
    names = {
        "title": "title",
        "album": "albumTitle",
        "artist": "artistTitle",
        "disc_number": "discNumber",
        "disc_total": "discCount",
        "recording_mbid": "recordingMBId",
        "track_mbid": "trackMBId",
        "release_mbid": "releaseMBId",
        "release_group_mbid": "albumMBId",
        "artist_mbid": "artistMBId",
    }
    out = {names[k]: v for k, v in tags.items() if k in names}
    if tags.get("track_number") is not None:
        out["trackNumbers"] = [tags["track_number"]]
    return out


def _items(names: tuple[str, ...], allowed: list[str], key: str) -> list[dict[str, Any]]:
    return [
        {"id": i, key: {"id": i, "name": name}, "allowed": name in allowed}
        for i, name in enumerate(names)
    ]


def profile_resource(profile: MetadataProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "name": profile.name,
        "primaryAlbumTypes": _items(PRIMARY_TYPES, profile.primary_types, "albumType"),
        "secondaryAlbumTypes": _items(SECONDARY_TYPES, profile.secondary_types, "albumType"),
        "releaseStatuses": _items(RELEASE_STATUSES, profile.release_statuses, "releaseStatus"),
    }
