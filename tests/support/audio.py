"""Real audio files for the music tests: encoded by ffmpeg, tagged the way Picard tags.

Each (format, duration) is encoded once per test run into a private cache and copied from
there, so an album of twelve tracks costs one encode. Silence at a low sample rate keeps
long tracks small and fast (a 4-minute FLAC of silence is a few kilobytes); the quality
tests encode a tone at 44.1 kHz instead, so bitrates are what the encoder really chose.

Tags are written with mutagen in each family's own keys, as Picard writes them (ID3 frames
and TXXX, Vorbis comments, MP4 freeform atoms, APEv2 items, ASF attributes), so the reader
is tested against the conventions of real libraries, not against its own key table.

ffmpeg is required (Debian package ``ffmpeg``); without it these helpers fail loudly.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import mutagen
from mutagen.apev2 import APEv2
from mutagen.asf import ASF
from mutagen.easyid3 import EasyID3
from mutagen.easymp4 import EasyMP4, EasyMP4Tags
from mutagen.flac import FLAC
from mutagen.id3 import ID3, TALB, TIT2, TPE1, TPOS, TRCK, TXXX, UFID
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

# name -> (extension, ffmpeg codec arguments)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mp3-320": (".mp3", ("-c:a", "libmp3lame", "-b:a", "320k")),
    "mp3-256": (".mp3", ("-c:a", "libmp3lame", "-b:a", "256k")),
    "mp3-192": (".mp3", ("-c:a", "libmp3lame", "-b:a", "192k")),
    "mp3-128": (".mp3", ("-c:a", "libmp3lame", "-b:a", "128k")),
    "mp3-v0": (".mp3", ("-c:a", "libmp3lame", "-q:a", "0")),
    "flac-16": (".flac", ("-c:a", "flac", "-sample_fmt", "s16")),
    "flac-24": (".flac", ("-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24")),
    "aac-256": (".m4a", ("-c:a", "aac", "-b:a", "256k")),
    "alac": (".m4a", ("-c:a", "alac")),
    "vorbis-q6": (".ogg", ("-c:a", "libvorbis", "-q:a", "6")),
    "wavpack": (".wv", ("-c:a", "wavpack")),
    "wma": (".wma", ("-c:a", "wmav2", "-b:a", "192k")),
    "wav": (".wav", ("-c:a", "pcm_s16le")),
}
for _key, _atom in (
    ("musicbrainz_releasetrackid", "MusicBrainz Release Track Id"),
    ("musicbrainz_releasegroupid", "MusicBrainz Release Group Id"),
):
    EasyMP4Tags.RegisterFreeformKey(_key, _atom)  # type: ignore[no-untyped-call]
# Long silent tracks: small and quick; the rate must suit every encoder used with it.
_QUIET_RATE = "8000"

_lock = threading.Lock()
_cache: Path | None = None


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise RuntimeError("these tests need ffmpeg (Debian package 'ffmpeg') on PATH")
    return found


def _cache_dir() -> Path:
    global _cache
    if _cache is None:
        _cache = Path(tempfile.mkdtemp(prefix="mediastack-audio-"))
        atexit.register(shutil.rmtree, _cache, True)
    return _cache


def _template_path(fmt: str, seconds: float, tone: bool) -> Path:
    extension = FORMATS[fmt][0]
    return _cache_dir() / f"{fmt}-{seconds:g}-{'tone' if tone else 'quiet'}{extension}"


def prepare(fmt: str, lengths: Sequence[float], tone: bool = False) -> None:
    """Encode the templates of several lengths in ONE ffmpeg run (one output per length):
    an album costs one process start instead of one per track."""
    extension, codec = FORMATS[fmt]
    with _lock:
        missing = sorted({s for s in lengths if not _template_path(fmt, s, tone).exists()})
        if not missing:
            return
        longest = f"{max(missing):g}"
        if tone:
            source = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={longest}"]
            rate = ["-ac", "2", "-ar", "44100"]
        else:
            source = ["-f", "lavfi", "-i", f"anullsrc=r={_QUIET_RATE}:cl=mono"]
            rate = ["-ac", "1", "-ar", _QUIET_RATE]
        if fmt.startswith(("mp3", "aac", "wma")) and not tone:
            # quiet lossy files keep the codec, not the named bitrate: small and quick
            rate = ["-ac", "1", "-ar", "16000"]
            codec = (*codec[:2], "-b:a", "32k")
        command = [ffmpeg(), "-v", "error", "-y", *source]
        partials = []
        for seconds in missing:
            partial = _template_path(fmt, seconds, tone).with_name(f".{seconds:g}{extension}")
            partials.append((partial, _template_path(fmt, seconds, tone)))
            command += ["-t", f"{seconds:g}", *rate, *codec, "-map_metadata", "-1"]
            command += ["-f", _muxer(extension), str(partial)]
        subprocess.run(command, check=True)
        for partial, final in partials:
            partial.rename(final)


def _template(fmt: str, seconds: float, tone: bool) -> Path:
    prepare(fmt, [seconds], tone)
    return _template_path(fmt, seconds, tone)


def _muxer(extension: str) -> str:
    return {
        ".mp3": "mp3",
        ".flac": "flac",
        ".m4a": "ipod",
        ".ogg": "ogg",
        ".wv": "wv",
        ".wma": "asf",
        ".wav": "wav",
    }[extension]


def encode(
    dest: Path,
    fmt: str = "flac-16",
    seconds: float = 1.0,
    tags: Mapping[str, str] | None = None,
    tone: bool = False,
) -> Path:
    """A real ``fmt`` file at ``dest`` plus the format's extension, tagged with ``tags``.

    ``tags`` use Picard's Vorbis names (``artist``, ``tracknumber``, ``musicbrainz_trackid``,
    ...); each is written in the file's own family.
    """
    extension = FORMATS[fmt][0]
    if not dest.name.lower().endswith(extension):
        dest = dest.with_name(dest.name + extension)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template(fmt, seconds, tone), dest)
    if tags:
        write_tags(dest, tags)
    return dest


_ID3_TEXT = {"artist": TPE1, "album": TALB, "title": TIT2, "tracknumber": TRCK, "discnumber": TPOS}
_ID3_TXXX = {
    "musicbrainz_albumid": "MusicBrainz Album Id",
    "musicbrainz_releasetrackid": "MusicBrainz Release Track Id",
    "musicbrainz_releasegroupid": "MusicBrainz Release Group Id",
    "musicbrainz_artistid": "MusicBrainz Artist Id",
}
_APE = {
    "albumartist": "Album Artist",
    "tracknumber": "Track",
    "discnumber": "Disc",
    "date": "Year",
}
_ASF = {
    "artist": "Author",
    "albumartist": "WM/AlbumArtist",
    "album": "WM/AlbumTitle",
    "title": "Title",
    "tracknumber": "WM/TrackNumber",
    "discnumber": "WM/PartOfSet",
    "date": "WM/Year",
    "musicbrainz_trackid": "MusicBrainz/Track Id",
    "musicbrainz_releasetrackid": "MusicBrainz/Release Track Id",
    "musicbrainz_albumid": "MusicBrainz/Album Id",
    "musicbrainz_releasegroupid": "MusicBrainz/Release Group Id",
    "musicbrainz_artistid": "MusicBrainz/Artist Id",
}


def write_tags(path: Path, tags: Mapping[str, str]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".mp3":
        easy = EasyID3()  # type: ignore[no-untyped-call]
        for key, value in tags.items():
            easy[key] = value
        easy.save(path)
    elif suffix == ".m4a":
        mp4 = EasyMP4(path)  # type: ignore[no-untyped-call]
        for key, value in tags.items():
            mp4[key] = value
        mp4.save()
    elif suffix in (".flac", ".ogg"):
        vorbis = FLAC(path) if suffix == ".flac" else OggVorbis(path)  # type: ignore[no-untyped-call]
        for key, value in tags.items():
            vorbis[key.upper()] = value
        vorbis.save()
    elif suffix in (".wv", ".ape"):
        ape = APEv2()  # type: ignore[no-untyped-call]
        for key, value in tags.items():
            ape[_APE.get(key, key.upper() if key.startswith("musicbrainz") else key.title())] = (
                value
            )
        ape.save(path)
    elif suffix == ".wma":
        asf = ASF(path)  # type: ignore[no-untyped-call]
        for key, value in tags.items():
            asf[_ASF[key]] = [value]
        asf.save()
    elif suffix == ".wav":
        wave = WAVE(path)  # type: ignore[no-untyped-call]
        if wave.tags is None:
            wave.add_tags()  # type: ignore[no-untyped-call]
        id3: ID3 = wave.tags
        for key, value in tags.items():
            if key in _ID3_TEXT:
                id3.add(_ID3_TEXT[key](encoding=3, text=[value]))
            elif key in _ID3_TXXX:
                id3.add(TXXX(encoding=3, desc=_ID3_TXXX[key], text=[value]))
            elif key == "musicbrainz_trackid":
                id3.add(UFID(owner="http://musicbrainz.org", data=value.encode()))
        wave.save()
    else:
        raise ValueError(f"no tag writer for {path.name}")
    assert mutagen.File(path) is not None


# Files made by hand, for what no encoder produces: a FLAC header claiming any length with
# no audio frames, and a run of silent MP3 frames.


def make_flac(path: Path, tags: Mapping[str, str], seconds: int = 1, bits: int = 16) -> Path:
    rate, channels = 44100, 2
    info = (4096).to_bytes(2, "big") * 2 + (0).to_bytes(3, "big") * 2
    packed = (rate << 44) | ((channels - 1) << 41) | ((bits - 1) << 36) | (rate * seconds)
    info += packed.to_bytes(8, "big") + bytes(16)
    path.write_bytes(b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info)
    write_tags(path, tags)
    return path


def make_mp3(path: Path, tags: Mapping[str, str], frames: int = 40) -> Path:
    frame = b"\xff\xfb\x90\x00" + bytes(417 - 4)  # 128 kbit/s, 44.1 kHz, no padding
    path.write_bytes(frame * frames)
    write_tags(path, tags)
    return path
