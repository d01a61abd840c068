"""The music library's operations: add, refresh, rescan, delete, with their rules.

An add stores the artist and its albums (release groups, two MusicBrainz requests) and
returns at once, as Lidarr does; the track lists (two requests per album, at MusicBrainz's
one request per second) come with the ``RefreshArtist`` command the add queues. Monitoring
is applied at the add (from dates alone) and again after that first refresh, when the
scan knows which albums already have files (``existing``/``missing``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from mediastack.core.db import utcnow
from mediastack.manager.library.base import LibraryService
from mediastack.manager.library.media_files import ScanResult
from mediastack.manager.library.monitoring import Monitorable, MonitorOption, decide
from mediastack.manager.library.roots import remove_item_folder
from mediastack.manager.metadata import ExternalId, MetadataNotFoundError
from mediastack.music.library.model import Album, Artist, ArtistOptions, MetadataProfile
from mediastack.music.library.scan import rescan
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.metadata.models import AlbumInfo, ArtistInfo
from mediastack.music.metadata.musicbrainz import MusicBrainzProvider, is_mbid
from mediastack.music.metadata.musicbrainz_mapping import choose_release

log = logging.getLogger(__name__)

ALBUM_REFRESH_AGE = timedelta(days=7)  # track lists rarely change; spare the rate limit
PENDING_MONITOR = "pendingMonitor"
LOOKUP_PREFIXES = ("lidarr", "lidarrid", "mbid", "musicbrainz")


class ArtistNotFoundError(LookupError):
    pass


def _released(album: Album) -> datetime | None:
    d = album.release_date
    return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None


def monitoring_states(albums: Sequence[Album], option: MonitorOption) -> dict[int, bool]:
    """Lidarr's album monitoring choices through the engine's rules: each album is its own
    group, numbered by release date (undated ones last), so "first" and "latest" pick the
    earliest and the newest album."""
    ordered = sorted(albums, key=lambda a: (a.release_date is None, a.release_date, a.id))
    items = [
        Monitorable(a.id, rank, 1, _released(a), a.statistics.track_file_count > 0)
        for rank, a in enumerate(ordered, start=1)
    ]
    return decide(items, option, utcnow())


def split_term(term: str) -> tuple[str | None, str]:
    """``lidarr:<mbid>`` / ``mbid:<mbid>`` / a bare MBID -> (mbid, ""); text -> (None, text)."""
    term = term.strip()
    prefix, sep, value = term.partition(":")
    if sep and prefix.strip().lower() in LOOKUP_PREFIXES:
        return value.strip().lower(), ""
    if is_mbid(term):
        return term.lower(), ""
    return None, term


class MusicLibrary(LibraryService[MusicLibraryStore, MusicBrainzProvider]):
    def profile(self, profile_id: int) -> MetadataProfile:
        profile = self.store.profile(profile_id) or next(iter(self.store.profiles()), None)
        if profile is None:
            raise ArtistNotFoundError("No metadata profile exists")
        return profile

    # Metadata -------------------------------------------------------------------------

    async def lookup(self, term: str) -> list[ArtistInfo]:
        mbid, text = split_term(term)
        if mbid is not None:
            found = await self.provider.lookup(ExternalId("musicbrainz", mbid))
            return [found] if found else []
        return await self.provider.search(text) if text else []

    async def lookup_albums(self, term: str) -> list[AlbumInfo]:
        mbid, text = split_term(term)
        if mbid is not None:
            return await self.provider.search_albums(mbid)
        return await self.provider.search_albums(text) if text else []

    async def resolve(self, mbid: str, profile: MetadataProfile) -> ArtistInfo:
        """The artist with the albums ``profile`` allows; nothing is stored."""
        try:
            info = await self.provider.fetch_artist(mbid, profile.primary_types)
        except MetadataNotFoundError as exc:
            raise ArtistNotFoundError(f"Artist with MusicBrainz id {mbid} was not found") from exc
        albums = [a for a in info.albums or [] if profile.allows(a.album_type, a.secondary_types)]
        return dataclasses.replace(info, albums=albums)

    # Library --------------------------------------------------------------------------

    def add(self, info: ArtistInfo, options: ArtistOptions, option: MonitorOption) -> Artist:
        artist_id = self.store.add(info, options)
        self.store.sync_albums(artist_id, info.albums or [], monitor_new=False)
        self.apply_monitoring(artist_id, option)
        if option.decides:
            self.store.update(artist_id, {"extra": {PENDING_MONITOR: option.value}})
        added = self.store.get(artist_id)
        assert added is not None
        return added

    def apply_monitoring(self, artist_id: int, option: MonitorOption) -> None:
        if not option.decides:
            return
        states = monitoring_states(self.store.albums(artist_id), option)
        self.store.set_monitoring(artist_id, states)

    def rescan(self, artist_id: int) -> ScanResult:
        artist = self.store.get(artist_id)
        if artist is None:
            raise ArtistNotFoundError(f"Artist with ID {artist_id} does not exist")
        return rescan(self.store, artist)

    async def refresh(self, artist_id: int, force_albums: bool = False) -> Artist:
        """New artist and album metadata, track lists of albums not refreshed lately, a
        rescan, then the monitoring choice left by the add (if any) and covers."""
        artist = self.store.get(artist_id)
        if artist is None:
            raise ArtistNotFoundError(f"Artist with ID {artist_id} does not exist")
        profile = self.profile(artist.metadata_profile_id)
        info = await self.resolve(artist.mbid, profile)
        self.store.refresh_artist(artist_id, info)
        monitor_new = artist.monitored and artist.monitor_new_items in ("all", "new")
        self.store.sync_albums(artist_id, info.albums or [], monitor_new=monitor_new)
        stale = utcnow() - ALBUM_REFRESH_AGE
        for album in self.store.albums(artist_id):
            if not force_albums and album.release_mbid and (album.last_info_sync or stale) > stale:
                continue
            await self.refresh_album(album, profile)
        self.rescan(artist_id)
        pending = artist.extra.get(PENDING_MONITOR)
        if pending:
            self.apply_monitoring(artist_id, MonitorOption.parse(pending))
            extra = {k: v for k, v in artist.extra.items() if k != PENDING_MONITOR}
            self.store.update(artist_id, {"extra": extra})
        await self.cache_images(artist_id)
        refreshed = self.store.get(artist_id)
        assert refreshed is not None
        return refreshed

    async def refresh_album(self, album: Album, profile: MetadataProfile) -> None:
        try:
            info = await self.provider.fetch_album(album.mbid)
        except MetadataNotFoundError:
            log.info("album %s (%s) is gone from MusicBrainz", album.title, album.mbid)
            return
        release = choose_release(info.releases, profile.release_statuses, info.release_date)
        if release is None:
            return
        full = await self.provider.fetch_release(release.mbid)
        cover = await self.provider.cover(release.mbid)
        self.store.set_album_tracks(album.id, info, full, full.tracks or [], cover)

    async def cache_images(self, artist_id: int) -> None:
        if self.images is None:
            return
        for album in self.store.albums(artist_id):
            if album.cover_url and self.images.path(album.id, "cover.jpg") is None:
                await self.images.store(album.id, {"cover": album.cover_url})

    def delete(self, artist_id: int, delete_files: bool) -> bool:
        """Forget an artist; with ``delete_files`` also remove its folder, but only when
        that folder lies strictly inside a configured root folder."""
        artist = self.store.get(artist_id)
        if artist is None:
            return False
        album_ids = [a.id for a in self.store.albums(artist_id)]
        self.store.delete(artist_id)
        if self.images is not None:
            for album_id in album_ids:
                self.images.forget(album_id)
        if delete_files:
            remove_item_folder(artist.path, self.root_folders())
        return True
