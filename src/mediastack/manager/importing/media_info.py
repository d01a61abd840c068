"""What a video file holds (codecs, channels, languages, HDR), read with ffprobe.

The originals read this with MediaInfo at import and name files by it (``{MediaInfo
Simple}`` -> ``x264 DTS``) and report it in ``movieFile.mediaInfo``. ffprobe (Debian's
``ffmpeg``) reads the same facts; when it is missing, times out or cannot read the file,
there is no media info and the tokens render empty, as the originals do for an unreadable
file. Never raises into an import.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 30.0

_AUDIO = {
    "aac": "AAC", "ac3": "AC3", "eac3": "EAC3", "dts": "DTS", "truehd": "TrueHD",
    "flac": "FLAC", "mp3": "MP3", "mp2": "MP2", "opus": "Opus", "vorbis": "Vorbis",
    "alac": "ALAC", "wmav2": "WMA",
}  # fmt: skip
_VIDEO = {
    "mpeg4": "XviD", "av1": "AV1", "vp9": "VP9", "vp8": "VP8", "mpeg2video": "MPEG2",
    "vc1": "VC1", "wmv3": "WMV",
}  # fmt: skip
_HDR_TRANSFER = {"smpte2084": "HDR10", "arib-std-b67": "HLG"}
_LANGUAGES = {
    "eng": "EN", "ger": "DE", "deu": "DE", "fre": "FR", "fra": "FR", "spa": "ES", "ita": "IT",
    "jpn": "JA", "kor": "KO", "chi": "ZH", "zho": "ZH", "rus": "RU", "por": "PT", "dut": "NL",
    "nld": "NL", "swe": "SV", "dan": "DA", "nor": "NO", "fin": "FI", "pol": "PL", "tur": "TR",
}  # fmt: skip


def _channels(count: float) -> str:
    return f"{count:.1f}"


def _languages(codes: Sequence[str], drop_lone_english: bool) -> str:
    names = list(dict.fromkeys(_LANGUAGES.get(c.lower(), c.upper()[:2]) for c in codes if c))
    if not names or (drop_lone_english and names == ["EN"]):
        return ""
    return f"[{'+'.join(names)}]"


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """The facts naming and the API use; ``audio_channels`` as the originals count (5.1)."""

    video_codec: str = ""
    video_bit_depth: int = 0
    video_dynamic_range_type: str = ""  # HDR10, HLG, DV ...
    audio_codec: str = ""
    audio_channels: float = 0.0
    audio_languages: tuple[str, ...] = ()  # ISO 639-2 as the container says
    subtitle_languages: tuple[str, ...] = ()
    width: int = 0
    height: int = 0
    run_time_seconds: float = 0.0
    stereoscopic: bool = False
    video_bitrate: int = 0  # bits per second, when the container or stream says
    audio_bitrate: int = 0
    video_fps: float = 0.0
    scan_type: str = ""  # "Progressive", "Interlaced"; empty when not said

    EMPTY_TOKENS: ClassVar[dict[str, str]] = dict.fromkeys(
        (
            "Simple", "Full", "VideoCodec", "VideoBitDepth", "VideoDynamicRange",
            "VideoDynamicRangeType", "AudioCodec", "AudioChannels", "AudioLanguages",
            "AudioLanguagesAll", "SubtitleLanguages", "SubtitleLanguagesAll", "3D",
        ),
        "",
    )  # fmt: skip

    def tokens(self) -> dict[str, str]:
        """``{MediaInfo <name>}`` values, the originals' spelling."""
        simple = " ".join(p for p in (self.video_codec, self.audio_codec) if p)
        audio = _languages(self.audio_languages, True)
        channels = _channels(self.audio_channels) if self.audio_channels else ""
        return {
            "Simple": simple,
            "Full": " ".join(p for p in (simple, audio) if p),
            "VideoCodec": self.video_codec,
            "VideoBitDepth": str(self.video_bit_depth) if self.video_bit_depth else "",
            "VideoDynamicRange": "HDR" if self.video_dynamic_range_type else "",
            "VideoDynamicRangeType": self.video_dynamic_range_type,
            "AudioCodec": self.audio_codec,
            "AudioChannels": channels,
            "AudioLanguages": audio,
            "AudioLanguagesAll": _languages(self.audio_languages, False),
            "SubtitleLanguages": _languages(self.subtitle_languages, False),
            "SubtitleLanguagesAll": _languages(self.subtitle_languages, False),
            "3D": "3D" if self.stereoscopic else "",
        }

    def resource(self) -> dict[str, Any]:
        """The API's ``mediaInfo`` object."""
        return {
            "audioBitrate": self.audio_bitrate,
            "audioChannels": self.audio_channels,
            "audioCodec": self.audio_codec,
            "audioLanguages": "/".join(self.audio_languages),
            "audioStreamCount": len(self.audio_languages) or (1 if self.audio_codec else 0),
            "videoBitDepth": self.video_bit_depth,
            "videoBitrate": self.video_bitrate,
            "videoCodec": self.video_codec,
            "videoFps": self.video_fps,
            "videoDynamicRange": "HDR" if self.video_dynamic_range_type else "",
            "videoDynamicRangeType": self.video_dynamic_range_type,
            "resolution": f"{self.width}x{self.height}" if self.width else "",
            "runTime": _runtime(self.run_time_seconds),
            "scanType": self.scan_type,
            "subtitles": "/".join(self.subtitle_languages),
        }

    def stored(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_stored(cls, data: Mapping[str, Any] | None) -> MediaInfo | None:
        if not data:
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("audio_languages", "subtitle_languages"):
            known[key] = tuple(known.get(key) or ())
        return cls(**known)


def _runtime(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}" if total else ""


def _video_codec(stream: Mapping[str, Any]) -> str:
    name = str(stream.get("codec_name") or "").lower()
    tags = " ".join(str(v) for v in (stream.get("tags") or {}).values()).lower()
    if name == "h264":
        return "x264" if "x264" in tags else "h264"
    if name == "hevc":
        return "x265" if "x265" in tags else "h265"
    if name == "mpeg4" and str(stream.get("codec_tag_string") or "").upper() == "DIVX":
        return "DivX"
    return _VIDEO.get(name, name.upper())


def _audio_codec(stream: Mapping[str, Any]) -> str:
    name = str(stream.get("codec_name") or "").lower()
    profile = str(stream.get("profile") or "")
    if name == "dts" and profile.startswith("DTS-HD"):
        return "DTS-HD MA" if "MA" in profile else "DTS-HD"
    if name.startswith("pcm_"):
        return "PCM"
    return _AUDIO.get(name, name.upper())


def _bitrate(stream: Mapping[str, Any]) -> int:
    """The stream's bit rate; Matroska keeps it in a ``BPS`` tag instead."""
    tags = stream.get("tags") or {}
    for value in (stream.get("bit_rate"), tags.get("BPS"), tags.get("BPS-eng")):
        if str(value or "").isdigit():
            return int(str(value))
    return 0


def _fps(stream: Mapping[str, Any]) -> float:
    """Frames per second as the originals show it (23.976), from ``24000/1001``."""
    for key in ("avg_frame_rate", "r_frame_rate"):
        num, _, den = str(stream.get(key) or "").partition("/")
        try:
            rate = float(num) / float(den or 1)
        except (ValueError, ZeroDivisionError):
            continue
        if rate > 0:
            return round(rate, 3)
    return 0.0


def _scan_type(stream: Mapping[str, Any]) -> str:
    order = str(stream.get("field_order") or "").lower()
    if order == "progressive":
        return "Progressive"
    return "Interlaced" if order in ("tt", "bb", "tb", "bt") else ""


def _language(stream: Mapping[str, Any]) -> str:
    return str((stream.get("tags") or {}).get("language") or "")


def from_probe(data: Mapping[str, Any]) -> MediaInfo | None:
    """ffprobe's JSON (``-show_streams -show_format``) as media info; None without video."""
    streams = [s for s in data.get("streams") or [] if isinstance(s, Mapping)]
    videos = [s for s in streams if s.get("codec_type") == "video"]
    videos = [s for s in videos if not (s.get("disposition") or {}).get("attached_pic")]
    if not videos:
        return None
    video = videos[0]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    subtitles = [s for s in streams if s.get("codec_type") == "subtitle"]
    audio = audios[0] if audios else {}
    depth = str(video.get("bits_per_raw_sample") or "")
    pix = str(video.get("pix_fmt") or "")
    bit_depth = int(depth) if depth.isdigit() else (10 if "10" in pix else 8)
    side = " ".join(str(d.get("side_data_type")) for d in video.get("side_data_list") or [])
    hdr = "DV" if "DOVI" in side else _HDR_TRANSFER.get(str(video.get("color_transfer")), "")
    channels = int(audio.get("channels") or 0)
    duration = (data.get("format") or {}).get("duration") or video.get("duration") or 0
    return MediaInfo(
        video_codec=_video_codec(video),
        video_bit_depth=bit_depth,
        video_dynamic_range_type=hdr,
        audio_codec=_audio_codec(audio) if audio else "",
        audio_channels=float(channels - 1) + 0.1 if channels > 5 else float(channels),
        audio_languages=tuple(_language(s) for s in audios if _language(s)),
        subtitle_languages=tuple(_language(s) for s in subtitles if _language(s)),
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        run_time_seconds=float(duration),
        stereoscopic="stereo" in str(video.get("side_data_list") or "").lower(),
        video_bitrate=_bitrate(video),
        audio_bitrate=_bitrate(audio) if audio else 0,
        video_fps=_fps(video),
        scan_type=_scan_type(video),
    )


def probe(path: Path, timeout: float = PROBE_TIMEOUT_SECONDS) -> MediaInfo | None:
    """Read ``path`` with ffprobe; None when it is not a readable video (or no ffprobe)."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    command = [ffprobe, "-v", "error", "-print_format", "json", "-show_streams", "-show_format"]
    try:
        done = subprocess.run(
            [*command, "-i", str(path)], capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("ffprobe could not read %s: %s", path, exc)
        return None
    if done.returncode != 0:
        return None
    try:
        return from_probe(json.loads(done.stdout or b"{}"))
    except (ValueError, TypeError):
        return None


class ProbeCache:
    """Probes each file version once: an import re-scans a download until it is done, and
    ffprobe costs a process per file."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._seen: dict[tuple[str, int, int], MediaInfo | None] = {}

    def __call__(self, path: Path) -> MediaInfo | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._seen:
            if len(self._seen) >= self._size:
                self._seen.pop(next(iter(self._seen)))
            self._seen[key] = probe(path)
        return self._seen[key]
