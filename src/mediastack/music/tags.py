"""Reading the tags of an audio file (FLAC, MP3, M4A, Ogg) with mutagen.

Import and rescan match files to tracks by what the tags say, best evidence first: the
MusicBrainz ids Picard and beets write, then album, disc and track numbers. mutagen's
"easy" interfaces give one vocabulary for ID3 frames, Vorbis comments and MP4 atoms
(``artist``, ``tracknumber``, ``musicbrainz_trackid``, ...), so one reader serves all.
A file mutagen cannot read yields None rather than an exception: a broken file must not
stop a scan.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import mutagen

log = logging.getLogger(__name__)

AUDIO_EXTENSIONS = frozenset(
    {
        ".flac",
        ".mp3",
        ".m4a",
        ".m4b",
        ".mp4",
        ".aac",
        ".ogg",
        ".oga",
        ".opus",
        ".wma",
        ".wv",
        ".ape",
    }
)
_QUALITY = {
    "FLAC": "FLAC",
    "MP3": "MP3",
    "EasyMP3": "MP3",
    "MP4": "AAC",
    "EasyMP4": "AAC",
    "OggVorbis": "OGG Vorbis",
    "OggOpus": "OGG Opus",
}


@dataclass(frozen=True, slots=True)
class AudioTags:
    artist: str | None = None
    album_artist: str | None = None
    album: str | None = None
    title: str | None = None
    track_number: int | None = None
    track_total: int | None = None
    disc_number: int | None = None
    disc_total: int | None = None
    date: str | None = None
    recording_mbid: str | None = None  # MusicBrainz "Track Id" in Picard's words
    track_mbid: str | None = None  # "Release Track Id"
    release_mbid: str | None = None  # "Album Id"
    release_group_mbid: str | None = None
    artist_mbid: str | None = None
    duration_seconds: float | None = None
    quality: str = "Unknown"

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _first(tags: Any, *keys: str) -> str | None:
    for key in keys:
        try:
            values = tags[key]
        except (KeyError, ValueError, TypeError):
            continue
        if isinstance(values, list | tuple):
            values = values[0] if values else None
        if values is None:
            continue
        text = str(values).strip()
        if text:
            return text
    return None


def _pair(text: str | None) -> tuple[int | None, int | None]:
    """``"3/12"`` -> (3, 12); ``"3"`` -> (3, None); junk -> (None, None)."""
    if not text:
        return None, None
    number, _, total = text.partition("/")

    def num(value: str) -> int | None:
        value = value.strip()
        return int(value) if value.isdigit() else None

    return num(number), num(total)


def read_tags(path: Path) -> AudioTags | None:
    """The tags of one file, or None when mutagen does not recognise or cannot read it."""
    try:
        audio = mutagen.File(path, easy=True)
    except (mutagen.MutagenError, OSError, ValueError) as exc:
        log.info("cannot read tags of %s: %s", path, exc)
        return None
    if audio is None:
        return None
    tags: Any = audio.tags if audio.tags is not None else {}
    track, track_total = _pair(_first(tags, "tracknumber"))
    disc, disc_total = _pair(_first(tags, "discnumber"))
    track_total = track_total or _pair(_first(tags, "tracktotal", "totaltracks"))[0]
    disc_total = disc_total or _pair(_first(tags, "disctotal", "totaldiscs"))[0]
    length = getattr(getattr(audio, "info", None), "length", None)
    return AudioTags(
        artist=_first(tags, "artist"),
        album_artist=_first(tags, "albumartist", "album artist"),
        album=_first(tags, "album"),
        title=_first(tags, "title"),
        track_number=track,
        track_total=track_total,
        disc_number=disc,
        disc_total=disc_total,
        date=_first(tags, "date", "originaldate"),
        recording_mbid=_first(tags, "musicbrainz_trackid"),
        track_mbid=_first(tags, "musicbrainz_releasetrackid"),
        release_mbid=_first(tags, "musicbrainz_albumid"),
        release_group_mbid=_first(tags, "musicbrainz_releasegroupid"),
        artist_mbid=_first(tags, "musicbrainz_artistid"),
        duration_seconds=float(length) if isinstance(length, int | float) and length > 0 else None,
        quality=_QUALITY.get(type(audio).__name__, "Unknown"),
    )
