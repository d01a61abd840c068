"""The music side of the search engine: artists and albums, MusicBrainz ids.

A release maps to one artist and one or more albums (a discography is a *pack*); the
engine decides one release for all of them. An album's file on disk, for upgrades, is
its weakest track file: a release is an upgrade when it betters the worst track the album
has, as Lidarr compares every track file of the album.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from mediastack.manager.decisions import Rejection, WantedItem
from mediastack.manager.decisions.model import ExistingFile
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.search import MediaKind
from mediastack.manager.parser.model import App
from mediastack.manager.quality import by_name
from mediastack.manager.search.decide import existing_file
from mediastack.manager.search.domain import PlainIds
from mediastack.manager.search.model import DecideOptions, RemoteRelease
from mediastack.music.library.model import Album, Artist, TrackFile
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.search.mapping import ArtistMatcher, map_release

RECENT = timedelta(days=14)
MINUTES_PER_TRACK = 4.0  # when MusicBrainz gives no lengths: a typical track

RemoteAlbum = RemoteRelease[Artist, Album]


def album_label(album: Album) -> str:
    return album.title


def _weakest(files: Sequence[TrackFile]) -> TrackFile | None:
    return min(files, key=lambda f: by_name("lidarr", f.quality).weight, default=None)


class MusicReleaseMapper:
    """The library read once per batch: artists by name, albums and files lazily."""

    def __init__(self, store: MusicLibraryStore) -> None:
        self.store = store
        self.matcher = ArtistMatcher(store.all())
        self._albums: dict[int, list[Album]] = {}
        self._files: dict[int, dict[int, list[TrackFile]]] = {}

    def _albums_of(self, artist_id: int) -> list[Album]:
        if artist_id not in self._albums:
            self._albums[artist_id] = self.store.albums(artist_id)
            by_album: dict[int, list[TrackFile]] = {}
            for file in self.store.files(artist_id):
                by_album.setdefault(file.album_id, []).append(file)
            self._files[artist_id] = by_album
        return self._albums[artist_id]

    def map(self, release: ReleaseInfo) -> RemoteAlbum:
        found = map_release(release, self.matcher, self._albums_of)
        return RemoteRelease(
            release,
            found.parsed,
            found.artist,
            found.albums,
            found.problem,
            pack=found.discography,
        )

    def wanted(self, remote: RemoteAlbum) -> tuple[WantedItem, ...]:
        files = self._files.get(remote.subject.id, {}) if remote.subject else {}
        out = []
        for album in remote.items:
            weakest = _weakest(files.get(album.id, []))
            existing: ExistingFile | None = None
            if weakest is not None:
                existing = existing_file(
                    "lidarr", weakest.quality, weakest.scene_name, weakest.relative_path
                )
            out.append(WantedItem(album.id, album.artist_id, album_label(album), existing))
        return tuple(out)

    def runtime_minutes(self, remote: RemoteAlbum) -> float:
        """The albums' length from their track lists (size limits are per minute)."""
        total = 0.0
        for album in remote.items:
            release = album.chosen_release or {}
            millis = int(release.get("duration") or 0)
            tracks = int(release.get("trackCount") or 0)
            total += millis / 60000 if millis else tracks * MINUTES_PER_TRACK
        return total

    def rejections(self, remote: RemoteAlbum, options: DecideOptions) -> Sequence[Rejection]:
        return ()


class MusicSearchDomain(PlainIds):
    app: App = "lidarr"
    rss_kind: MediaKind = "music"

    def __init__(self, store: MusicLibraryStore) -> None:
        self.store = store

    def mapper(self) -> MusicReleaseMapper:
        return MusicReleaseMapper(self.store)

    def is_recent(self, items: Sequence[Album]) -> bool:
        today = datetime.now(UTC).date()
        return any(a.release_date is not None and today - a.release_date <= RECENT for a in items)

    def grab_data(self, remote: RemoteAlbum) -> dict[str, object]:
        artist = remote.subject
        return {
            "foreignArtistId": artist.mbid if artist else "",
            "foreignAlbumIds": ",".join(a.mbid for a in remote.items),
        }
