"""The releases files may be, from the library, in the matcher's terms.

The library keeps the track list of each album's chosen edition only, with track ids (the
other editions are summaries: media, countries, date), so the chosen edition is what a
download is matched against. ``release_tracks`` also reads MusicBrainz track lists, which
the tests use to offer other editions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from mediastack.music.importing.identify import CandidateRelease, ReleaseTrack
from mediastack.music.library.model import Album, Artist, Track


def _year(value: object) -> int | None:
    if isinstance(value, date):
        return value.year
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    return None


def _positions(keys: Iterable[tuple[int, int]]) -> list[int]:
    """1-based position on its medium for each (medium, absolute) key, in input order."""
    keyed = list(keys)
    order = sorted(range(len(keyed)), key=lambda i: keyed[i])
    out = [0] * len(keyed)
    seen: dict[int, int] = {}
    for index in order:
        medium = keyed[index][0]
        seen[medium] = seen.get(medium, 0) + 1
        out[index] = seen[medium]
    return out


class _ListedTrack(Protocol):
    """What a library track and a MusicBrainz track both have."""

    @property
    def mbid(self) -> str: ...

    @property
    def recording_mbid(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def medium_number(self) -> int: ...

    @property
    def absolute_number(self) -> int: ...

    @property
    def duration_ms(self) -> int | None: ...


def release_tracks(tracks: Sequence[_ListedTrack]) -> tuple[ReleaseTrack, ...]:
    """The matcher's view of a track list; library tracks keep their ids."""
    positions = _positions((t.medium_number, t.absolute_number) for t in tracks)
    return tuple(
        ReleaseTrack(
            mbid=t.mbid,
            recording_mbid=t.recording_mbid,
            title=t.title,
            medium=t.medium_number,
            position=position,
            absolute=t.absolute_number,
            duration_ms=t.duration_ms,
            track_id=t.id if isinstance(t, Track) else None,
        )
        for t, position in zip(tracks, positions, strict=True)
    )


def _candidate(
    artist: Artist, album: Album, record: dict[str, object], tracks: tuple[ReleaseTrack, ...]
) -> CandidateRelease:
    media = record.get("media")
    formats = (
        tuple(str(m.get("format") or "") for m in media if isinstance(m, dict))
        if isinstance(media, list)
        else ()
    )
    countries = record.get("countries")
    return CandidateRelease(
        artist_name=artist.name,
        artist_mbid=artist.mbid,
        album_title=album.title,
        album_mbid=album.mbid,
        album_year=album.release_date.year if album.release_date else None,
        release_mbid=str(record.get("mbid") or ""),
        release_title=str(record.get("title") or album.title),
        release_year=_year(record.get("date")),
        countries=tuple(str(c) for c in countries) if isinstance(countries, list) else (),
        media_formats=formats,
        tracks=tracks,
        album_id=album.id,
    )


def chosen_release(
    artist: Artist, album: Album, tracks: Sequence[Track]
) -> CandidateRelease | None:
    """The album's chosen edition with the library's tracks (None before the first refresh
    has fetched a track list)."""
    own = [t for t in tracks if t.album_id == album.id]
    if not own:
        return None
    record = album.chosen_release or {"mbid": album.release_mbid or "", "title": album.title}
    return _candidate(artist, album, record, release_tracks(own))
