"""Reading the tags and stream facts of an audio file with mutagen.

Import and rescan match files to tracks by what the tags say, best evidence first: the
MusicBrainz ids Picard and beets write, then album, disc and track numbers, titles and
durations. Four tag families are read with one vocabulary: mutagen's "easy" interfaces for
ID3 (MP3), Vorbis comments (FLAC, Ogg) and MP4 atoms; APEv2 (WavPack, Monkey's Audio);
ASF attributes (WMA); and raw ID3 frames in WAV/AIFF, where mutagen has no easy view. The
stream facts (codec, bitrate and its mode, bit depth, sample rate) give the file's quality
(``audio_quality.py``) and Lidarr's ``mediaInfo``.

A file mutagen cannot read yields None rather than an exception: a broken file must not
stop a scan.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.apev2 import APEv2
from mutagen.asf import ASFTags
from mutagen.easymp4 import EasyMP4Tags
from mutagen.id3 import ID3

from mediastack.music.audio_quality import StreamFacts, quality_name

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
        ".wav",
        ".aif",
        ".aiff",
    }
)

# field -> (easy key, APEv2 key, ASF attribute, raw ID3 frame); None: not in that family.
_KEYS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "artist": ("artist", "Artist", "Author", "TPE1"),
    "album_artist": ("albumartist", "Album Artist", "WM/AlbumArtist", "TPE2"),
    "album": ("album", "Album", "WM/AlbumTitle", "TALB"),
    "title": ("title", "Title", "Title", "TIT2"),
    "track": ("tracknumber", "Track", "WM/TrackNumber", "TRCK"),
    "disc": ("discnumber", "Disc", "WM/PartOfSet", "TPOS"),
    "track_total": ("tracktotal", None, None, None),
    "disc_total": ("disctotal", None, None, None),
    "date": ("date", "Year", "WM/Year", "TDRC"),
    "original_date": ("originaldate", None, "WM/OriginalReleaseYear", "TDOR"),
    "recording_mbid": ("musicbrainz_trackid", "MUSICBRAINZ_TRACKID", "MusicBrainz/Track Id", None),
    "track_mbid": (
        "musicbrainz_releasetrackid",
        "MUSICBRAINZ_RELEASETRACKID",
        "MusicBrainz/Release Track Id",
        "TXXX:MusicBrainz Release Track Id",
    ),
    "release_mbid": (
        "musicbrainz_albumid",
        "MUSICBRAINZ_ALBUMID",
        "MusicBrainz/Album Id",
        "TXXX:MusicBrainz Album Id",
    ),
    "release_group_mbid": (
        "musicbrainz_releasegroupid",
        "MUSICBRAINZ_RELEASEGROUPID",
        "MusicBrainz/Release Group Id",
        "TXXX:MusicBrainz Release Group Id",
    ),
    "artist_mbid": (
        "musicbrainz_artistid",
        "MUSICBRAINZ_ARTISTID",
        "MusicBrainz/Artist Id",
        "TXXX:MusicBrainz Artist Id",
    ),
}
# mutagen's MP4 view lacks two of the ids Picard writes; teach it their atoms' names.
for _key, _atom in (
    ("musicbrainz_releasetrackid", "MusicBrainz Release Track Id"),
    ("musicbrainz_releasegroupid", "MusicBrainz Release Group Id"),
):
    EasyMP4Tags.RegisterFreeformKey(_key, _atom)  # type: ignore[no-untyped-call]
_EASY_FALLBACKS = {"track_total": ("totaltracks",), "disc_total": ("totaldiscs",)}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_MB_UFID = "UFID:http://musicbrainz.org"


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
    codec: str | None = None
    bitrate_kbps: int | None = None
    bitrate_mode: str | None = None  # CBR, VBR, ABR (MP3 only)
    bit_depth: int | None = None
    sample_rate: int | None = None
    channels: int | None = None

    @property
    def year(self) -> int | None:
        match = _YEAR.search(self.date or "")
        return int(match.group(1)) if match else None

    @property
    def has_identity(self) -> bool:
        """Whether the tags say which track this is at all (else the name must)."""
        return bool(self.title or self.recording_mbid or self.track_mbid or self.track_number)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def media_info(self) -> dict[str, Any]:
        """Lidarr's ``MediaInfoResource`` (``audioBitRate: "320 kbps"``, ...)."""
        rate = self.sample_rate
        return {
            "audioChannels": float(self.channels or 0),
            "audioBitRate": f"{self.bitrate_kbps} kbps" if self.bitrate_kbps else None,
            "audioCodec": self.codec,
            "audioBits": f"{self.bit_depth}bit" if self.bit_depth else None,
            "audioSampleRate": f"{rate / 1000:g}kHz" if rate else None,
        }


def _text(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    if hasattr(value, "text") and not isinstance(value, str):  # an ID3 frame
        return _text(list(value.text))
    if hasattr(value, "value") and not isinstance(value, str):  # an ASF attribute
        return _text(value.value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).strip()
    return text or None


def _reader(tags: Any) -> Callable[[str], str | None]:
    """``field -> text`` for the tag family ``tags`` belongs to."""
    if tags is None:
        return lambda field: None
    if isinstance(tags, APEv2):
        column = 1
    elif isinstance(tags, ASFTags):
        column = 2
    elif isinstance(tags, ID3):
        column = 3
    else:
        column = 0

    def get(key: str) -> str | None:
        try:
            return _text(tags[key])
        except (KeyError, ValueError, TypeError, IndexError):
            return None

    def read(field: str) -> str | None:
        key = _KEYS[field][column]
        if column == 3 and field == "recording_mbid":
            frame = tags.get(_MB_UFID)
            return _text(frame.data) if frame is not None else None
        found = get(key) if key else None
        if found is None and column == 0:
            for alt in _EASY_FALLBACKS.get(field, ()):
                found = found or get(alt)
        return found

    return read


def _pair(text: str | None) -> tuple[int | None, int | None]:
    """``"3/12"`` -> (3, 12); ``"3"`` -> (3, None); junk -> (None, None)."""
    if not text:
        return None, None
    number, _, total = text.partition("/")

    def num(value: str) -> int | None:
        value = value.strip()
        return int(value) if value.isdigit() else None

    return num(number), num(total)


def _mbid(text: str | None) -> str | None:
    return text.strip().lower() if text else None


def stream_facts(audio: Any) -> StreamFacts:
    """Codec and stream properties of a loaded mutagen file."""
    info = getattr(audio, "info", None)
    kind = type(audio).__name__
    codec = {
        "MP3": "MP3",
        "EasyMP3": "MP3",
        "FLAC": "FLAC",
        "OggVorbis": "Vorbis",
        "OggOpus": "Opus",
        "OggFLAC": "FLAC",
        "ASF": "WMA",
        "WAVE": "PCM",
        "AIFF": "PCM",
        "WavPack": "WavPack",
        "MonkeysAudio": "APE",
        "AAC": "AAC",
    }.get(kind)
    if kind in ("MP4", "EasyMP4"):
        raw = str(getattr(info, "codec", "") or "")
        codec = "ALAC" if raw == "alac" else "AAC" if raw.startswith("mp4a") else None
    bitrate = getattr(info, "bitrate", 0) or 0
    mode = getattr(info, "bitrate_mode", None)  # mutagen's BitrateMode prints as "BitrateMode.VBR"
    mode_name = str(mode).rpartition(".")[2] if mode is not None else None
    if codec == "MP3" and mode_name not in ("CBR", "VBR", "ABR"):
        mode_name = "CBR"
    return StreamFacts(
        codec=codec,
        bitrate_kbps=round(bitrate / 1000) if bitrate else None,
        bitrate_mode=mode_name if codec == "MP3" else None,
        encoder_settings=str(getattr(info, "encoder_settings", "") or ""),
        bit_depth=getattr(info, "bits_per_sample", None) or None,
        sample_rate=getattr(info, "sample_rate", None) or None,
        channels=getattr(info, "channels", None) or None,
    )


def read_tags(path: Path) -> AudioTags | None:
    """The tags of one file, or None when mutagen does not recognise or cannot read it."""
    try:
        audio = mutagen.File(path, easy=True)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError) as exc:
        log.info("cannot read tags of %s: %s", path, exc)
        return None
    if audio is None:
        return None
    read = _reader(audio.tags)
    track, track_total = _pair(read("track"))
    disc, disc_total = _pair(read("disc"))
    track_total = track_total or _pair(read("track_total"))[0]
    disc_total = disc_total or _pair(read("disc_total"))[0]
    length = getattr(getattr(audio, "info", None), "length", None)
    facts = stream_facts(audio)
    return AudioTags(
        artist=read("artist"),
        album_artist=read("album_artist"),
        album=read("album"),
        title=read("title"),
        track_number=track,
        track_total=track_total,
        disc_number=disc,
        disc_total=disc_total,
        date=read("date") or read("original_date"),
        recording_mbid=_mbid(read("recording_mbid")),
        track_mbid=_mbid(read("track_mbid")),
        release_mbid=_mbid(read("release_mbid")),
        release_group_mbid=_mbid(read("release_group_mbid")),
        artist_mbid=_mbid(read("artist_mbid")),
        duration_seconds=float(length) if isinstance(length, int | float) and length > 0 else None,
        quality=quality_name(facts),
        codec=facts.codec,
        bitrate_kbps=facts.bitrate_kbps,
        bitrate_mode=facts.bitrate_mode,
        bit_depth=facts.bit_depth,
        sample_rate=facts.sample_rate,
        channels=facts.channels,
    )
