"""The music library's tables (migrations: ``music/migrations``, Alembic branch ``music``).

Albums, tracks and track files hang off an artist with ``ON DELETE CASCADE``; a track
points at its file with ``ON DELETE SET NULL``, so removing a file row can never leave a
track claiming a file that is gone. MusicBrainz ids are unique per artist (an album by two
artists in the library is two albums, as in Lidarr).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import UTCDateTime
from mediastack.manager.db import ManagerBase
from mediastack.manager.library.rows import ItemColumns, MediaFileColumns


class MetadataProfileRow(ManagerBase):
    __tablename__ = "metadata_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    primary_types: Mapped[list[str]] = mapped_column(JSON)  # allowed names
    secondary_types: Mapped[list[str]] = mapped_column(JSON)
    release_statuses: Mapped[list[str]] = mapped_column(JSON)


class ArtistRow(ItemColumns, ManagerBase):
    __tablename__ = "artists"

    mbid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    sort_name: Mapped[str] = mapped_column(String(500))
    clean_name: Mapped[str] = mapped_column(String(500), index=True)
    disambiguation: Mapped[str] = mapped_column(String(1000))
    artist_type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    overview: Mapped[str] = mapped_column(Text)
    genres: Mapped[list[str]] = mapped_column(JSON)
    links: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    rating: Mapped[float | None] = mapped_column(Float)
    rating_votes: Mapped[int] = mapped_column(Integer)
    monitored: Mapped[bool] = mapped_column(Boolean)
    monitor_new_items: Mapped[str] = mapped_column(String(20))
    quality_profile_id: Mapped[int] = mapped_column(Integer)
    metadata_profile_id: Mapped[int] = mapped_column(Integer)


class AlbumRow(ManagerBase):
    __tablename__ = "albums"
    __table_args__ = (UniqueConstraint("artist_id", "mbid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    mbid: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    disambiguation: Mapped[str] = mapped_column(String(1000))
    album_type: Mapped[str] = mapped_column(String(20))
    secondary_types: Mapped[list[str]] = mapped_column(JSON)
    release_date: Mapped[date | None] = mapped_column(Date, index=True)
    genres: Mapped[list[str]] = mapped_column(JSON)
    rating: Mapped[float | None] = mapped_column(Float)
    rating_votes: Mapped[int] = mapped_column(Integer)
    monitored: Mapped[bool] = mapped_column(Boolean)
    any_release_ok: Mapped[bool] = mapped_column(Boolean)
    release_mbid: Mapped[str | None] = mapped_column(String(36))  # the chosen edition
    releases: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    cover_url: Mapped[str | None] = mapped_column(String(1000))
    added: Mapped[datetime] = mapped_column(UTCDateTime)
    last_info_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrackFileRow(MediaFileColumns, ManagerBase):
    __tablename__ = "track_files"

    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"), index=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id", ondelete="CASCADE"), index=True)
    audio_tags: Mapped[dict[str, Any]] = mapped_column(JSON)


class TrackRow(ManagerBase):
    __tablename__ = "tracks"
    __table_args__ = (UniqueConstraint("album_id", "mbid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id", ondelete="CASCADE"), index=True)
    mbid: Mapped[str] = mapped_column(String(36))
    recording_mbid: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    medium_number: Mapped[int] = mapped_column(Integer)
    track_number: Mapped[str] = mapped_column(String(20))
    absolute_number: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    track_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("track_files.id", ondelete="SET NULL"), index=True
    )
