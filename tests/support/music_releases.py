"""Album data for the import tests, from the recorded MusicBrainz answers, and the files
a real rip of those albums would hold.

* ``plus()``: Ed Sheeran's "+" (12 tracks, the recorded CD edition);
* ``plus_deluxe()``: the deluxe edition, made from the recorded one with the four bonus
  tracks the real deluxe edition has (their MBIDs are made up, their titles and lengths
  are the real ones);
* ``careless()``: the recorded two-medium release (CD + DVD-Video).

``rip()`` writes a folder of real audio files for a release, tagged as Picard tags them
(or untagged, or with disc folders), with each file as long as its track.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mediastack.music.importing.candidates import release_tracks
from mediastack.music.importing.identify import CandidateRelease
from mediastack.music.metadata.models import MediumInfo, ReleaseInfo, TrackInfo
from mediastack.music.metadata.musicbrainz_mapping import map_release
from tests.support.audio import encode, prepare
from tests.support.fake_musicbrainz import ED_SHEERAN, MULTIDISC_RELEASE, PLUS, PLUS_RELEASE, load

PLUS_DELUXE = "71688dad-6a8d-44a6-9f35-582b3b6eac45"  # the real deluxe edition's MBID
CARELESS_GROUP = "b89c4dbd-1734-4536-a16d-dde648f735c0"
_BONUS = (
    ("Autumn Leaves", 211000),
    ("Little Bird", 232000),
    ("Sunburn", 248000),
    ("Gold Rush", 297000),
)


def plus() -> ReleaseInfo:
    release = map_release(
        load("release_94ad3a58_recordings_url-rels_artist-credits_mbandroid.json")
    )
    assert release.mbid == PLUS_RELEASE
    return release


def plus_deluxe() -> ReleaseInfo:
    base = plus()
    tracks = list(base.tracks or [])
    for offset, (title, length) in enumerate(_BONUS, start=13):
        tracks.append(
            TrackInfo(
                mbid=f"d0000000-0000-4000-8000-0000000000{offset}",
                recording_mbid=f"e0000000-0000-4000-8000-0000000000{offset}",
                title=title,
                medium_number=1,
                number=str(offset),
                absolute_number=offset,
                duration_ms=length,
            )
        )
    return dataclasses.replace(
        base,
        mbid=PLUS_DELUXE,
        disambiguation="deluxe version",
        countries=["XW"],
        media=[MediumInfo(1, "", "Digital Media", len(tracks))],
        tracks=tracks,
    )


def careless() -> ReleaseInfo:
    release = map_release(load("release_6c4f766f_multidisc_picard.json"))
    assert release.mbid == MULTIDISC_RELEASE
    return release


def candidate(
    release: ReleaseInfo,
    album_title: str = "+",
    album_mbid: str = PLUS,
    artist: str = "Ed Sheeran",
    artist_mbid: str = ED_SHEERAN,
    album_year: int | None = 2011,
) -> CandidateRelease:
    return CandidateRelease(
        artist_name=artist,
        artist_mbid=artist_mbid,
        album_title=album_title,
        album_mbid=album_mbid,
        album_year=album_year,
        release_mbid=release.mbid,
        release_title=release.title,
        release_year=release.date.year if isinstance(release.date, date) else None,
        countries=tuple(release.countries),
        media_formats=tuple(m.format for m in release.media),
        tracks=release_tracks(release.tracks or []),
        album_id=1,
    )


def picard_tags(
    release: ReleaseInfo, track: TrackInfo, artist: str = "Ed Sheeran", album: str | None = None
) -> dict[str, str]:
    on_medium = [t for t in release.tracks or [] if t.medium_number == track.medium_number]
    return {
        "artist": artist,
        "albumartist": artist,
        "album": album or release.title,
        "title": track.title,
        "tracknumber": f"{on_medium.index(track) + 1}/{len(on_medium)}",
        "discnumber": f"{track.medium_number}/{len(release.media)}",
        "date": release.date.isoformat() if release.date else "",
        "musicbrainz_trackid": track.recording_mbid,
        "musicbrainz_releasetrackid": track.mbid,
        "musicbrainz_albumid": release.mbid,
        "musicbrainz_artistid": ED_SHEERAN,
    }


NameFor = Callable[[ReleaseInfo, TrackInfo], str]


def standard_name(release: ReleaseInfo, track: TrackInfo) -> str:
    on_medium = [t for t in release.tracks or [] if t.medium_number == track.medium_number]
    return f"{on_medium.index(track) + 1:02d} - {track.title}"


def rip(
    folder: Path,
    release: ReleaseInfo,
    fmt: str = "flac-16",
    tags: Callable[[ReleaseInfo, TrackInfo], Mapping[str, str]] | None = picard_tags,
    name: NameFor = standard_name,
    disc_folders: bool = False,
    only: Callable[[TrackInfo], bool] = lambda t: True,
) -> list[Path]:
    """Real files for ``release`` under ``folder``, one per track, as long as the track."""
    prepare(fmt, [(t.duration_ms or 180000) / 1000 for t in release.tracks or [] if only(t)])
    out = []
    for track in release.tracks or []:
        if not only(track):
            continue
        where = folder / f"CD{track.medium_number}" if disc_folders else folder
        seconds = (track.duration_ms or 180000) / 1000
        path = encode(
            where / name(release, track),
            fmt,
            seconds,
            dict(tags(release, track)) if tags else None,
        )
        out.append(path)
    return out


def rip_listed(
    folder: Path,
    tracks: Sequence[Mapping[str, Any]],
    album: str,
    fmt: str = "flac-16",
    tagged: bool = True,
    artist: str = "Ed Sheeran",
) -> list[Path]:
    """Real files for a track list as the API lists it (``/track?albumId=``)."""
    prepare(fmt, [(t["duration"] or 180000) / 1000 for t in tracks])
    out = []
    media = {t["mediumNumber"] for t in tracks}
    for track in tracks:
        on_medium = [t for t in tracks if t["mediumNumber"] == track["mediumNumber"]]
        number = on_medium.index(track) + 1
        tags = {
            "artist": artist,
            "albumartist": artist,
            "album": album,
            "title": track["title"],
            "tracknumber": f"{number}/{len(on_medium)}",
            "discnumber": f"{track['mediumNumber']}/{len(media)}",
            "musicbrainz_trackid": track["foreignRecordingId"],
            "musicbrainz_releasetrackid": track["foreignTrackId"],
        }
        seconds = (track["duration"] or 180000) / 1000
        name = f"{number:02d} - {track['title']}"
        out.append(encode(folder / name, fmt, seconds, tags if tagged else None))
    return out
