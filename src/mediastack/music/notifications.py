"""Music events as notifications: Lidarr's webhook payloads and the artist media servers
refresh (Jellyfin and Emby look the artist's folder up as a ``MusicArtist``).

Payload shapes follow Lidarr's ``Webhook*Payload`` (``artist``, ``albums``, ``tracks``,
``trackFiles``, ``isUpgrade``); unset values are left out as its serializer does. The hooks
only build the event and queue it: a notification problem never reaches the grab or the
import it comes from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.grab.resources import release_summary
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.notifications import library as hooks
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.events import MediaItem, NotificationEvent
from mediastack.manager.search.model import ReleaseDecision
from mediastack.music.library.model import Album, Artist, Track
from mediastack.music.library.store import MusicLibraryStore

#: what Lidarr's Grab webhook says of the release (no custom formats)
RELEASE_FIELDS = ("quality", "qualityVersion", "releaseGroup", "releaseTitle", "indexer", "size")

TEST_PAYLOAD: dict[str, Any] = {
    "artist": {"id": 1, "name": "Test Name", "path": "C:\\testpath", "mbId": "aaaaa-aaa-aaaa"},
    "albums": [{"id": 123, "title": "Test title"}],
}


def artist_item(artist: Artist) -> MediaItem:
    return hooks.media_item("artist", artist, artist.name, 0, {"MusicBrainzArtist": artist.mbid})


def albums_json(albums: Iterable[Album]) -> list[dict[str, Any]]:
    return [
        hooks.compact(
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


class MusicNotifications(hooks.LibraryNotifications[MusicLibraryStore]):
    test_payload = TEST_PAYLOAD

    def _event(
        self, kind: EventType, artist: Artist, body: Mapping[str, Any], title: str, message: str
    ) -> NotificationEvent:
        artist_json = hooks.compact(
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
            item=artist_item(artist),
            update_type="Created" if kind == EventType.DOWNLOAD else None,
            is_upgrade=bool(body.get("isUpgrade")),
        )

    def on_grabbed(self, decision: ReleaseDecision[Artist, Album], result: GrabResult) -> None:
        def build() -> NotificationEvent | None:
            artist = decision.subject
            if artist is None:
                return None
            candidate = decision.decision.candidate
            summary = release_summary(candidate)
            body = {
                "albums": albums_json(decision.items),
                "release": hooks.compact({k: summary[k] for k in RELEASE_FIELDS}),
                **hooks.download_fields(result),
            }
            albums = ", ".join(a.title for a in decision.items)
            message = f"{artist.name} - {albums} [{candidate.quality.name}]"
            return self._event(EventType.GRAB, artist, body, "Album Grabbed", message)

        self.submit("Grab", build)

    def on_release_imported(self, records: Sequence[ImportRecord]) -> None:
        """One Download event per album of an import run, every track file in it: Lidarr
        tells of a release's import at once (autoscan and friends scan its ``trackFiles``)."""
        ids = [i for record in records for i in record.item_ids]
        tracks = {t.id: t for t in self.store.tracks(track_ids=ids)}
        by_album: dict[tuple[int, int], list[ImportRecord]] = defaultdict(list)
        for record in records:
            album_id = next((tracks[i].album_id for i in record.item_ids if i in tracks), 0)
            by_album[(record.subject_id, album_id)].append(record)
        for (artist_id, album_id), group in by_album.items():
            self.submit("Download", partial(self._download, artist_id, album_id, group, tracks))

    def _download(
        self,
        artist_id: int,
        album_id: int,
        records: Sequence[ImportRecord],
        tracks: Mapping[int, Track],
    ) -> NotificationEvent | None:
        artist = self.store.get(artist_id)
        if artist is None:
            return None
        imported = [tracks[i] for r in records for i in r.item_ids if i in tracks]
        album = self.store.album(album_id)
        body = hooks.compact(
            {
                "album": albums_json([album])[0] if album is not None else None,
                "tracks": tracks_json(imported),
                "trackFiles": [hooks.compact(hooks.imported_file(r)) for r in records],
                **hooks.import_outcome(records[0]),
                "isUpgrade": any(r.replaced for r in records),
            }
        )
        titles = album.title if album is not None else " + ".join(t.title for t in imported)
        message = f"{artist.name} - {titles} [{records[0].quality_name}]"
        return self._event(EventType.DOWNLOAD, artist, body, "Album Downloaded", message)
