"""Reading and writing the music library; statistics are computed by the database.

Listing every artist (or every album of an artist) with statistics costs a fixed number of
queries whatever the library size, because dashboards poll ``GET /artist``; ``wanted`` and
the calendar page in SQL with one ``COUNT``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from mediastack.core.db import utcnow
from mediastack.manager.library.media_files import ScanResult
from mediastack.manager.library.records import apply_changes, copy_fields, from_row
from mediastack.manager.library.store import (
    ItemStore,
    edit_row,
    narrowed,
    page_of,
    set_all_monitored,
    set_monitored,
)
from mediastack.music.importing.rows import FILES
from mediastack.music.library.model import (
    Album,
    Artist,
    ArtistOptions,
    MetadataProfile,
    Statistics,
    Track,
    TrackFile,
)
from mediastack.music.library.rows import (
    AlbumRow,
    ArtistRow,
    MetadataProfileRow,
    TrackFileRow,
    TrackRow,
)
from mediastack.music.metadata.models import AlbumInfo, ArtistInfo, ReleaseInfo, TrackInfo

_NON_WORD = re.compile(r"[^a-z0-9]+")


def clean_name(name: str) -> str:
    """Lidarr's ``cleanName``: lower-case letters and digits only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("", ascii_name.lower()) or name.lower()


def release_record(release: ReleaseInfo) -> dict[str, Any]:
    """What an album keeps of each edition (JSON), enough for ``AlbumResource.releases``."""
    return {
        "mbid": release.mbid,
        "title": release.title,
        "status": release.status,
        "date": release.date.isoformat() if release.date else None,
        "countries": release.countries,
        "labels": release.labels,
        "disambiguation": release.disambiguation,
        "format": release.format,
        "trackCount": release.track_count,
        "duration": release.duration_ms,
        "media": [
            {"number": m.number, "name": m.name, "format": m.format, "trackCount": m.track_count}
            for m in release.media
        ],
    }


@dataclass(frozen=True, slots=True)
class FileMatch:
    """A file found on disk, the track its tags or name claim, and the tags read."""

    relative_path: str
    path: str
    size: int
    track_id: int
    album_id: int
    tags: dict[str, Any]


class ArtistExistsError(ValueError):
    pass


class ProfileInUseError(ValueError):
    pass


#: what MusicBrainz owns of an artist and of an album, stored as it comes
ARTIST_FIELDS = (
    "mbid", "name", "sort_name", "disambiguation", "artist_type", "status", "overview",
    "genres", "rating", "rating_votes",
)  # fmt: skip
ALBUM_FIELDS = (
    "mbid", "title", "disambiguation", "album_type", "secondary_types", "release_date",
    "genres", "rating", "rating_votes",
)  # fmt: skip


def _apply_artist(row: ArtistRow, info: ArtistInfo) -> None:
    copy_fields(row, info, ARTIST_FIELDS)
    row.clean_name = clean_name(info.name)
    row.links = [{"name": link.name, "url": link.url} for link in info.links]
    row.last_info_sync = utcnow()


def _apply_album(row: AlbumRow, info: AlbumInfo) -> None:
    copy_fields(row, info, ALBUM_FIELDS)
    if info.releases:
        row.releases = [release_record(r) for r in info.releases]


class MusicLibraryStore(ItemStore[ArtistRow]):
    row = ArtistRow
    children = (TrackRow.artist_id, TrackFileRow.artist_id, AlbumRow.artist_id)
    what = "artist"
    exists_error = ArtistExistsError

    # Metadata profiles ----------------------------------------------------------------

    def profiles(self) -> list[MetadataProfile]:
        with self._db.session() as session:
            rows = session.execute(select(MetadataProfileRow).order_by(MetadataProfileRow.id))
            return [from_row(MetadataProfile, r) for r in rows.scalars()]

    def profile(self, profile_id: int) -> MetadataProfile | None:
        with self._db.session() as session:
            row = session.get(MetadataProfileRow, profile_id)
            return from_row(MetadataProfile, row) if row else None

    def save_profile(self, profile: MetadataProfile) -> MetadataProfile:
        """Insert (``id`` 0) or update a profile; names are unique (``ValueError``)."""
        with self._db.session() as session:
            clash = session.execute(
                select(MetadataProfileRow.id).where(
                    func.lower(MetadataProfileRow.name) == profile.name.lower(),
                    MetadataProfileRow.id != profile.id,
                )
            ).scalar()
            if clash is not None:
                raise ValueError(f"A metadata profile named '{profile.name}' already exists")
            row = session.get(MetadataProfileRow, profile.id) if profile.id else None
            if row is None:
                row = MetadataProfileRow()
                session.add(row)
            row.name = profile.name
            row.primary_types = list(profile.primary_types)
            row.secondary_types = list(profile.secondary_types)
            row.release_statuses = list(profile.release_statuses)
            session.flush()
            return from_row(MetadataProfile, row)

    def delete_profile(self, profile_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(MetadataProfileRow, profile_id)
            if row is None:
                return False
            used = session.execute(
                select(func.count()).where(ArtistRow.metadata_profile_id == profile_id)
            ).scalar_one()
            if used:
                raise ProfileInUseError(
                    f"Metadata profile '{row.name}' is used by {used} artist(s)"
                )
            session.delete(row)
            return True

    # Statistics -----------------------------------------------------------------------

    def _album_stats(
        self, session: Session, artist_id: int | None, album_ids: Sequence[int] | None
    ) -> dict[int, Statistics]:
        has_file = TrackRow.track_file_id.is_not(None)
        query = (
            select(
                TrackRow.album_id,
                func.count(),
                func.sum(case((has_file, 1), else_=0)),
                func.sum(case((has_file | AlbumRow.monitored, 1), else_=0)),
            )
            .join(AlbumRow, AlbumRow.id == TrackRow.album_id)
            .group_by(TrackRow.album_id)
        )
        sizes = select(TrackFileRow.album_id, func.sum(TrackFileRow.size)).group_by(
            TrackFileRow.album_id
        )
        if artist_id is not None:
            query = query.where(TrackRow.artist_id == artist_id)
            sizes = sizes.where(TrackFileRow.artist_id == artist_id)
        if album_ids is not None:
            query = query.where(TrackRow.album_id.in_(list(album_ids)))
            sizes = sizes.where(TrackFileRow.album_id.in_(list(album_ids)))
        size_of = {a: int(s or 0) for a, s in session.execute(sizes)}
        return {
            album: Statistics(
                int(held or 0), int(wanted or 0), int(total or 0), size_of.get(album, 0)
            )
            for album, total, held, wanted in session.execute(query)
        }

    def _artists(
        self, session: Session, rows: Sequence[ArtistRow], one: int | None
    ) -> list[Artist]:
        if not rows:
            return []
        album_stats = self._album_stats(session, one, None)
        counts_query = select(AlbumRow.artist_id, AlbumRow.id)
        if one is not None:
            counts_query = counts_query.where(AlbumRow.artist_id == one)
        per_artist: dict[int, list[int]] = {}
        for artist_id, album_id in session.execute(counts_query):
            per_artist.setdefault(artist_id, []).append(album_id)
        out = []
        for row in rows:
            stats = [album_stats.get(a, Statistics()) for a in per_artist.get(row.id, [])]
            total = Statistics(
                sum(s.track_file_count for s in stats),
                sum(s.track_count for s in stats),
                sum(s.total_track_count for s in stats),
                sum(s.size_on_disk for s in stats),
            )
            count = len(per_artist.get(row.id, []))
            out.append(from_row(Artist, row, statistics=total, album_count=count))
        return out

    def _albums(
        self, session: Session, rows: Sequence[AlbumRow], artist_id: int | None = None
    ) -> list[Album]:
        stats = self._album_stats(session, artist_id, [r.id for r in rows])
        return [from_row(Album, r, statistics=stats.get(r.id, Statistics())) for r in rows]

    # Artists --------------------------------------------------------------------------

    def all(self) -> list[Artist]:
        with self._db.session() as session:
            rows = session.execute(select(ArtistRow).order_by(ArtistRow.sort_name)).scalars()
            return self._artists(session, list(rows), None)

    def get(self, artist_id: int) -> Artist | None:
        with self._db.session() as session:
            row = session.get(ArtistRow, artist_id)
            return self._artists(session, [row], artist_id)[0] if row else None

    def find(self, mbid: str) -> Artist | None:
        with self._db.session() as session:
            row = session.execute(select(ArtistRow).where(ArtistRow.mbid == mbid.lower())).scalar()
            return self._artists(session, [row], row.id)[0] if row else None

    def add(self, info: ArtistInfo, options: ArtistOptions) -> int:
        """Store a new artist (its albums come with ``sync_albums``)."""
        with self._db.session() as session:
            row = self.new_row(
                session,
                options,
                ArtistRow.mbid == info.mbid,
                monitor_new_items=options.monitor_new_items,
                metadata_profile_id=options.metadata_profile_id,
            )
            _apply_artist(row, info)
            session.add(row)
            session.flush()
            return row.id

    def refresh_artist(self, artist_id: int, info: ArtistInfo) -> bool:
        return self.edit(artist_id, lambda row: _apply_artist(row, info))

    # Albums ---------------------------------------------------------------------------

    def sync_albums(
        self, artist_id: int, albums: Sequence[AlbumInfo], monitor_new: bool
    ) -> list[int]:
        """Make the artist's albums match metadata: new ones are added (monitored as
        ``monitor_new`` says), known ones updated, vanished ones dropped unless a file
        holds them. Returns the ids of the new albums."""
        with self._db.session() as session:
            existing = {
                r.mbid: r
                for r in session.execute(
                    select(AlbumRow).where(AlbumRow.artist_id == artist_id)
                ).scalars()
            }
            fresh = {a.mbid for a in albums}
            new_rows: list[AlbumRow] = []
            for info in albums:
                row = existing.get(info.mbid)
                if row is None:
                    row = AlbumRow(
                        artist_id=artist_id,
                        monitored=monitor_new,
                        any_release_ok=True,
                        release_mbid=None,
                        releases=[],
                        cover_url=None,
                        added=utcnow(),
                    )
                    session.add(row)
                    new_rows.append(row)
                    existing[info.mbid] = row
                _apply_album(row, info)
            for mbid, row in existing.items():
                if mbid in fresh:
                    continue
                held = session.execute(
                    select(func.count()).where(TrackFileRow.album_id == row.id)
                ).scalar_one()
                if not held:
                    session.execute(delete(TrackRow).where(TrackRow.album_id == row.id))
                    session.delete(row)
            session.flush()
            return [r.id for r in new_rows]

    def set_album_tracks(
        self,
        album_id: int,
        info: AlbumInfo,
        release: ReleaseInfo,
        tracks: Sequence[TrackInfo],
        cover_url: str | None,
    ) -> None:
        """The album's chosen edition and its track list; tracks keep their files when the
        same track (or recording) is still there, others go and new ones come."""
        with self._db.session() as session:
            album = session.get(AlbumRow, album_id)
            if album is None:
                return
            _apply_album(album, info)
            records = [release_record(r) for r in info.releases] or list(album.releases)
            chosen = release_record(dataclasses.replace(release, tracks=list(tracks)))
            album.releases = [chosen if r["mbid"] == release.mbid else r for r in records]
            if not any(r["mbid"] == release.mbid for r in album.releases):
                album.releases = [*album.releases, chosen]
            album.release_mbid = release.mbid
            album.cover_url = cover_url or album.cover_url
            album.last_info_sync = utcnow()
            current = list(
                session.execute(select(TrackRow).where(TrackRow.album_id == album_id)).scalars()
            )
            by_mbid = {t.mbid: t for t in current}
            by_recording = {t.recording_mbid: t for t in current}
            kept: set[int] = set()
            for item in tracks:
                row = by_mbid.get(item.mbid) or by_recording.get(item.recording_mbid)
                if row is None or row.id in kept:
                    row = TrackRow(artist_id=album.artist_id, album_id=album_id, track_file_id=None)
                    session.add(row)
                row.mbid = item.mbid
                row.recording_mbid = item.recording_mbid
                row.title = item.title
                row.medium_number = item.medium_number
                row.track_number = item.number
                row.absolute_number = item.absolute_number
                row.duration_ms = item.duration_ms
                session.flush()
                kept.add(row.id)
            for row in current:
                if row.id not in kept:
                    session.delete(row)

    def albums(
        self,
        artist_id: int | None = None,
        album_ids: Iterable[int] | None = None,
        mbid: str | None = None,
    ) -> list[Album]:
        ids = list(album_ids) if album_ids is not None else None
        query = select(AlbumRow).order_by(
            AlbumRow.artist_id, AlbumRow.release_date.is_(None), AlbumRow.release_date, AlbumRow.id
        )
        query = narrowed(
            query,
            (AlbumRow.artist_id, artist_id),
            (AlbumRow.id, ids),
            (AlbumRow.mbid, mbid.lower() if mbid is not None else None),
        )
        with self._db.session() as session:
            return self._albums(session, list(session.execute(query).scalars()), artist_id)

    def album(self, album_id: int) -> Album | None:
        found = self.albums(album_ids=[album_id])
        return found[0] if found else None

    def set_albums_monitored(self, album_ids: Iterable[int], monitored: bool) -> list[int]:
        return set_all_monitored(self._db, AlbumRow.id, AlbumRow.monitored, album_ids, monitored)

    def set_monitoring(self, artist_id: int, states: Mapping[int, bool]) -> None:
        with self._db.session() as session:
            where = AlbumRow.artist_id == artist_id
            set_monitored(session, AlbumRow.id, AlbumRow.monitored, states, where)

    def update_album(self, album_id: int, changes: Mapping[str, Any]) -> bool:
        return edit_row(self._db, AlbumRow, album_id, lambda row: apply_changes(row, changes))

    def _missing_filter(self, today: date, monitored_only: bool) -> list[Any]:
        held = select(TrackFileRow.id).where(TrackFileRow.album_id == AlbumRow.id).exists()
        where: list[Any] = [~held, AlbumRow.release_date <= today]
        if monitored_only:
            where += [AlbumRow.monitored.is_(True), ArtistRow.monitored.is_(True)]
        return where

    def missing(
        self, page: int, page_size: int, newest_first: bool, monitored_only: bool
    ) -> tuple[int, list[Album]]:
        """``wanted/missing``: released albums without any file, one page, one COUNT."""
        where = self._missing_filter(utcnow().date(), monitored_only)
        query = select(AlbumRow).join(ArtistRow, ArtistRow.id == AlbumRow.artist_id).where(*where)
        order = AlbumRow.release_date.desc() if newest_first else AlbumRow.release_date.asc()
        with self._db.session() as session:
            total, rows = page_of(session, query, page, page_size, order, AlbumRow.id)
            return total, self._albums(session, rows)

    def calendar(self, start: date, end: date, unmonitored: bool) -> list[Album]:
        """Albums released in ``[start, end]`` (monitored ones only unless asked)."""
        where: list[Any] = [AlbumRow.release_date >= start, AlbumRow.release_date <= end]
        if not unmonitored:
            where += [AlbumRow.monitored.is_(True), ArtistRow.monitored.is_(True)]
        query = (
            select(AlbumRow)
            .join(ArtistRow, ArtistRow.id == AlbumRow.artist_id)
            .where(and_(*where))
            .order_by(AlbumRow.release_date, AlbumRow.id)
        )
        with self._db.session() as session:
            return self._albums(session, list(session.execute(query).scalars()))

    # Tracks and files -----------------------------------------------------------------

    def tracks(
        self,
        artist_id: int | None = None,
        album_id: int | None = None,
        track_ids: Iterable[int] | None = None,
    ) -> list[Track]:
        query = select(TrackRow).order_by(
            TrackRow.album_id, TrackRow.medium_number, TrackRow.absolute_number
        )
        query = narrowed(
            query,
            (TrackRow.artist_id, artist_id),
            (TrackRow.album_id, album_id),
            (TrackRow.id, track_ids),
        )
        with self._db.session() as session:
            return [from_row(Track, r) for r in session.execute(query).scalars()]

    def files(
        self,
        artist_id: int | None = None,
        album_ids: Iterable[int] | None = None,
        file_ids: Iterable[int] | None = None,
    ) -> list[TrackFile]:
        query = narrowed(
            select(TrackFileRow).order_by(TrackFileRow.id),
            (TrackFileRow.artist_id, artist_id),
            (TrackFileRow.album_id, album_ids),
            (TrackFileRow.id, file_ids),
        )
        with self._db.session() as session:
            return [from_row(TrackFile, r) for r in session.execute(query).scalars()]

    def sync_files(self, artist_id: int, found: Sequence[FileMatch], unmatched: int) -> ScanResult:
        """Make ``track_files`` match what a scan found: rows for new files that claim a
        track without a file, no rows for files that are gone, sizes kept current."""
        with self._db.session() as session:
            new, removed = FILES.reconcile(
                session, artist_id, found, lambda row: FILES.unlink(session, row)
            )
            tracks = {
                t.id: t
                for t in session.execute(
                    select(TrackRow).where(TrackRow.artist_id == artist_id)
                ).scalars()
            }
            added = 0
            for match in new:
                track = tracks.get(match.track_id)
                if track is None or track.track_file_id is not None:
                    unmatched += 1
                    continue
                quality = str(match.tags.get("quality") or "Unknown")
                own = {"album_id": track.album_id, "audio_tags": dict(match.tags)}
                file_row = FILES.scanned_row(session, artist_id, match, quality, **own)
                track.track_file_id = file_row.id
                added += 1
            return ScanResult(added, removed, unmatched)
