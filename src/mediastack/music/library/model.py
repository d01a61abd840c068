"""The music library as the rest of the service sees it: plain immutable records.

Statistics are computed by the database (``store.py``) and attached here, so a resource
builder never issues queries of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mediastack.manager.library.model import LibraryItem, MediaFile


@dataclass(frozen=True, slots=True)
class Statistics:
    track_file_count: int = 0
    track_count: int = 0  # tracks wanted (monitored album) or held
    total_track_count: int = 0
    size_on_disk: int = 0

    @property
    def percent_of_tracks(self) -> float:
        return 100.0 * self.track_file_count / self.track_count if self.track_count else 0.0


@dataclass(frozen=True, slots=True)
class MetadataProfile:
    id: int
    name: str
    primary_types: list[str]
    secondary_types: list[str]
    release_statuses: list[str]

    def allows(self, album_type: str, secondary: list[str]) -> bool:
        """Lidarr's rule: the primary type must be allowed, and every secondary type (or
        "Studio" for none) too."""
        if album_type not in self.primary_types:
            return False
        kinds = secondary or ["Studio"]
        return all(kind in self.secondary_types for kind in kinds)


@dataclass(frozen=True, slots=True)
class Album:
    id: int
    artist_id: int
    mbid: str
    title: str
    disambiguation: str
    album_type: str
    secondary_types: list[str]
    release_date: date | None
    genres: list[str]
    rating: float | None
    rating_votes: int
    monitored: bool
    any_release_ok: bool
    release_mbid: str | None
    releases: list[dict[str, Any]]
    cover_url: str | None
    added: datetime
    last_info_sync: datetime | None
    statistics: Statistics = field(default_factory=Statistics)

    @property
    def chosen_release(self) -> dict[str, Any] | None:
        for release in self.releases:
            if release.get("mbid") == self.release_mbid:
                return release
        return None


@dataclass(frozen=True, slots=True)
class Artist(LibraryItem):
    mbid: str
    name: str
    sort_name: str
    clean_name: str
    disambiguation: str
    artist_type: str
    status: str
    overview: str
    genres: list[str]
    links: list[dict[str, str]]
    rating: float | None
    rating_votes: int
    monitor_new_items: str
    metadata_profile_id: int
    album_count: int = 0
    statistics: Statistics = field(default_factory=Statistics)


@dataclass(frozen=True, slots=True)
class Track:
    id: int
    artist_id: int
    album_id: int
    mbid: str
    recording_mbid: str
    title: str
    medium_number: int
    track_number: str
    absolute_number: int
    duration_ms: int | None
    track_file_id: int | None

    @property
    def has_file(self) -> bool:
        return self.track_file_id is not None


@dataclass(frozen=True, slots=True)
class TrackFile(MediaFile):
    artist_id: int
    album_id: int
    audio_tags: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ArtistOptions:
    """What the user chooses when adding an artist (the rest comes from metadata)."""

    path: str
    root_folder_path: str
    quality_profile_id: int
    metadata_profile_id: int
    monitored: bool = True
    monitor_new_items: str = "all"
    tags: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
