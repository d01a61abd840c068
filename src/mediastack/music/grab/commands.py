"""Lidarr's search commands: ``AlbumSearch``, ``ArtistSearch``, ``MissingAlbumSearch``.

Bodies as Lidarr's clients send them (``albumIds``, ``artistId``). An album search asks
for each album (one search per album); an artist search asks the indexers once for the
artist, and every monitored released album of the artist is wanted from what comes back
(discographies included). A search a person asks for ignores monitoring, as Lidarr does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.grab.commands import ints
from mediastack.manager.grab.service import GrabService, GrabSummary
from mediastack.manager.indexers.search import SearchCriteria
from mediastack.music.library.model import Album, Artist
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.search.criteria import artist_criteria, plan_for_albums

MusicGrabService = GrabService[Artist, Album]


def _released(album: Album) -> bool:
    return album.release_date is not None and album.release_date <= datetime.now(UTC).date()


class MusicSearches:
    def __init__(self, service: MusicGrabService, store: MusicLibraryStore) -> None:
        self.service = service
        self.store = store

    def _run(
        self, criteria: Sequence[SearchCriteria], albums: Sequence[Album], asked: bool
    ) -> GrabSummary:
        if not albums:
            return GrabSummary()
        work = self.service.automatic(list(criteria), [a.id for a in albums], asked)
        return self.service.runtime.run(work)

    def albums(self, albums: Sequence[Album], asked: bool) -> GrabSummary:
        """Each album searched by artist and title; unmonitored ones only when asked."""
        total = GrabSummary()
        by_artist: dict[int, list[Album]] = {}
        for album in albums:
            by_artist.setdefault(album.artist_id, []).append(album)
        for artist_id, own in by_artist.items():
            artist = self.store.get(artist_id)
            if artist is None:
                continue
            wanted = [a for a in own if asked or (a.monitored and artist.monitored)]
            total.merge(self._run(plan_for_albums(artist, wanted), wanted, asked))
        return total

    def album_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            albums = self.store.albums(album_ids=ints(body.get("albumIds") or body.get("albumId")))
            return self.albums(albums, True).text("Album search")

        return run

    def artist_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            total = GrabSummary()
            for artist_id in ints(body.get("artistId")) or ints(body.get("artistIds")):
                artist = self.store.get(artist_id)
                if artist is None:
                    raise LookupError(f"Artist with ID {artist_id} does not exist")
                albums = [a for a in self.store.albums(artist_id) if a.monitored and _released(a)]
                total.merge(self._run([artist_criteria(artist)], albums, True))
            return total.text("Artist search")

        return run

    def missing_album_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            missing = [
                a
                for a in self.store.albums()
                if _released(a) and a.statistics.track_file_count == 0
            ]
            return self.albums(missing, False).text("Missing album search")

        return run
