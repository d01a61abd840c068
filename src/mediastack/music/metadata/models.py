"""The music domain's view of provider metadata, keyed by MusicBrainz ids as Lidarr is.

An album is a MusicBrainz *release group* ("+" by Ed Sheeran); its releases are the
editions (CD, vinyl, deluxe, ...). Tracks belong to one chosen release, because track
lists differ between editions. Lidarr's clients send and expect MBIDs
(``foreignArtistId``, ``foreignAlbumId``), so they are our keys too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class TrackInfo:
    mbid: str  # the track on this release
    recording_mbid: str
    title: str
    medium_number: int
    number: str  # as printed: "1", "A2", ...
    absolute_number: int  # 1-based across the whole release
    duration_ms: int | None
    artist_mbid: str | None = None


@dataclass(frozen=True, slots=True)
class MediumInfo:
    number: int
    name: str
    format: str
    track_count: int


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    mbid: str
    title: str
    status: str  # Official, Promotion, Bootleg, Pseudo-Release
    date: date | None
    countries: list[str]
    labels: list[str]
    disambiguation: str
    media: list[MediumInfo]
    tracks: list[TrackInfo] | None = None  # None: not fetched (release group lookups)

    @property
    def track_count(self) -> int:
        return sum(m.track_count for m in self.media)

    @property
    def format(self) -> str:
        """``2xCD``, ``CD + DVD-Video``: Lidarr's summary of the media."""
        counts: dict[str, int] = {}
        for medium in self.media:
            counts[medium.format] = counts.get(medium.format, 0) + 1
        return " + ".join(f"{n}x{f}" if n > 1 else f for f, n in counts.items())

    @property
    def duration_ms(self) -> int:
        return sum(t.duration_ms or 0 for t in self.tracks or [])


@dataclass(frozen=True, slots=True)
class AlbumInfo:
    mbid: str  # release group
    title: str
    disambiguation: str
    album_type: str  # primary type: Album, EP, Single, Broadcast, Other
    secondary_types: list[str]
    release_date: date | None
    genres: list[str]
    rating: float | None
    rating_votes: int
    artist_mbid: str | None
    artist_name: str | None
    releases: list[ReleaseInfo] = field(default_factory=list)
    cover_url: str | None = None


@dataclass(frozen=True, slots=True)
class ArtistInfo:
    mbid: str
    name: str
    sort_name: str
    disambiguation: str
    artist_type: str  # Person, Group, Orchestra, ...
    status: str  # continuing / ended (Lidarr's words)
    overview: str
    genres: list[str]
    links: list[Link]
    rating: float | None
    rating_votes: int
    aliases: list[str] = field(default_factory=list)
    albums: list[AlbumInfo] | None = None  # None: not fetched (search results)
