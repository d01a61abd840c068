"""Music events as notifications: Lidarr's webhook payloads and the artist media servers
refresh (Jellyfin and Emby look the artist's folder up as a ``MusicArtist``).

Payload shapes follow Lidarr's ``Webhook*Payload`` (``artist``, ``albums``, ``tracks``,
``trackFiles``, ``isUpgrade``); unset values are left out as its serializer does. The hooks
only build the event and queue it: a notification problem never reaches the grab or the
import it comes from.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.events import MediaItem, NotificationEvent
from mediastack.manager.search.model import ReleaseDecision
from mediastack.music.library.model import Album, Artist, Track
from mediastack.music.library.store import MusicLibraryStore

log = logging.getLogger(__name__)

TEST_PAYLOAD: dict[str, Any] = {
    "artist": {"id": 1, "name": "Test Name", "path": "C:\\testpath", "mbId": "aaaaa-aaa-aaaa"},
    "albums": [{"id": 123, "title": "Test title"}],
}


def _present(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def media_item(artist: Artist) -> MediaItem:
    return MediaItem(
        id=artist.id,
        kind="artist",
        title=artist.name,
        year=0,
        path=artist.path,
        root_folder=artist.root_folder_path,
        provider_ids={"MusicBrainzArtist": artist.mbid},
        tags=frozenset(artist.tags),
    )


def albums_json(albums: Iterable[Album]) -> list[dict[str, Any]]:
    return [
        _present(
            {
                "id": a.id,
                "mbId": a.mbid,
                "title": a.title,
                "disambiguation": a.disambiguation or None,
                "releaseDate": a.release_date.isoformat() if a.release_date else None,
                "albumType": a.album_type,
            }
        )
        for a in albums
    ]


def tracks_json(tracks: Iterable[Track]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "title": t.title,
            "trackNumber": t.track_number,
            "mediumNumber": t.medium_number,
        }
        for t in tracks
    ]


class MusicNotifications:
    def __init__(self, notifier: Notifier, store: MusicLibraryStore) -> None:
        self.notifier = notifier
        self.store = store
        notifier.test_payload = TEST_PAYLOAD

    def _submit(self, what: str, build: Callable[[], NotificationEvent | None]) -> None:
        try:
            event = build()
        except Exception:
            log.exception("the %s notification could not be built", what)
            return
        if event is not None:
            self.notifier.submit(event)

    def _event(
        self, kind: EventType, artist: Artist, body: Mapping[str, Any], title: str, message: str
    ) -> NotificationEvent:
        artist_json = _present(
            {
                "id": artist.id,
                "name": artist.name,
                "disambiguation": artist.disambiguation or None,
                "path": artist.path,
                "mbId": artist.mbid,
                "type": artist.artist_type,
                "genres": list(artist.genres),
                "tags": self.notifier.tag_labels(artist.tags),
            }
        )
        return NotificationEvent(
            kind,
            {"artist": artist_json, **body},
            title=title,
            message=message,
            item=media_item(artist),
            update_type="Created" if kind == EventType.DOWNLOAD else None,
            is_upgrade=bool(body.get("isUpgrade")),
        )

    def on_grabbed(self, decision: ReleaseDecision[Artist, Album], result: GrabResult) -> None:
        def build() -> NotificationEvent | None:
            artist = decision.subject
            if artist is None:
                return None
            candidate = decision.decision.candidate
            release = candidate.release
            body = {
                "albums": albums_json(decision.items),
                "release": _present(
                    {
                        "quality": candidate.quality.name,
                        "qualityVersion": candidate.revision.version,
                        "releaseGroup": candidate.parsed.release_group,
                        "releaseTitle": release.title,
                        "indexer": release.indexer,
                        "size": release.size or 0,
                    }
                ),
                "downloadClient": result.client.name,
                "downloadClientType": result.client.definition.implementation,
                "downloadId": result.download_id,
            }
            albums = ", ".join(a.title for a in decision.items)
            message = f"{artist.name} - {albums} [{candidate.quality.name}]"
            return self._event(EventType.GRAB, artist, body, "Album Grabbed", message)

        self._submit("Grab", build)

    def on_imported(self, record: ImportRecord) -> None:
        def build() -> NotificationEvent | None:
            artist = self.store.get(record.subject_id)
            if artist is None:
                return None
            tracks = self.store.tracks(track_ids=record.item_ids)
            quality = record.quality_name
            body = _present(
                {
                    "tracks": tracks_json(tracks),
                    "trackFiles": [
                        _present(
                            {
                                "path": record.destination,
                                "quality": quality,
                                "qualityVersion": int(
                                    (record.quality.get("revision") or {}).get("version", 1)
                                ),
                                "releaseGroup": record.release_group,
                                "sceneName": record.scene_name,
                                "size": record.size,
                            }
                        )
                    ],
                    "isUpgrade": bool(record.replaced),
                    "downloadClient": record.client_name,
                    "downloadId": record.download_id,
                }
            )
            titles = " + ".join(t.title for t in tracks)
            message = f"{artist.name} - {titles} [{quality}]"
            return self._event(EventType.DOWNLOAD, artist, body, "Track Downloaded", message)

        self._submit("Download", build)
