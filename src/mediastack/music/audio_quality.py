"""A file's audio quality in Lidarr's catalogue, from what the stream itself says.

Release names lie or say nothing ("Album [WEB]"); the file does not. The rules are
Lidarr's, on the catalogue the engine keeps (``manager/quality``):

* lossless formats by codec: FLAC (``FLAC 24bit`` from 24 bits per sample up), ALAC,
  APE, WavPack, WAV;
* constant-bitrate MP3 by its bitrate band (``MP3-320``, ``MP3-192``, ...);
* variable-bitrate MP3 by the LAME preset when the LAME header names it (``-V 2`` ->
  ``MP3-VBR-V2``), else ``MP3-VBR-V0`` as Lidarr files any VBR MP3;
* AAC at 192/256/320 kbit/s (within 5 %) by band, any other AAC as ``AAC-VBR``;
* Vorbis by its nominal bitrate (q6 = 192 ... q10 = 500);
* anything else (Opus, unknown bitrates) is ``Unknown``, which a profile can still allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediastack.manager.quality import Quality, by_name

MP3_BANDS = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_AAC_BANDS = (192, 256, 320)
_VORBIS = {192: "OGG Vorbis Q6", 224: "OGG Vorbis Q7", 256: "OGG Vorbis Q8", 320: "OGG Vorbis Q9"}
_VORBIS_Q10 = 500
_LAME_PRESET = re.compile(r"(?:-V\s*(\d)|--preset\s+(extreme|standard|medium|insane))", re.I)
_PRESET_LEVEL = {"insane": 0, "extreme": 0, "standard": 2, "medium": 4}
_UNKNOWN = "Unknown"


@dataclass(frozen=True, slots=True)
class StreamFacts:
    """What the stream header says; None where the format does not tell."""

    codec: str | None  # MP3, AAC, ALAC, FLAC, Vorbis, Opus, WMA, PCM, WavPack, APE
    bitrate_kbps: int | None = None
    bitrate_mode: str | None = None  # CBR, VBR, ABR (MP3)
    encoder_settings: str = ""
    bit_depth: int | None = None
    sample_rate: int | None = None
    channels: int | None = None


def _near(value: int, target: int, tolerance: float = 0.05) -> bool:
    return abs(value - target) <= target * tolerance


def _mp3(facts: StreamFacts) -> str:
    if facts.bitrate_mode in ("VBR", "ABR"):
        preset = _LAME_PRESET.search(facts.encoder_settings)
        if preset is not None:
            level = int(preset.group(1)) if preset.group(1) else _PRESET_LEVEL[preset.group(2)]
            return "MP3-VBR-V0" if level <= 1 else "MP3-VBR-V2"
        return "MP3-VBR-V0"
    if not facts.bitrate_kbps:
        return _UNKNOWN
    band = min(MP3_BANDS, key=lambda b: abs(b - (facts.bitrate_kbps or 0)))
    return f"MP3-{band}"


def _aac(facts: StreamFacts) -> str:
    rate = facts.bitrate_kbps or 0
    for band in _AAC_BANDS:
        if _near(rate, band):
            return f"AAC-{band}"
    return "AAC-VBR"


def _vorbis(facts: StreamFacts) -> str:
    rate = facts.bitrate_kbps or 0
    if rate and _near(rate, _VORBIS_Q10):
        return "OGG Vorbis Q10"
    for band, name in _VORBIS.items():
        if rate and _near(rate, band):
            return name
    return _UNKNOWN


def quality_name(facts: StreamFacts) -> str:
    """The Lidarr quality name of a stream (``Unknown`` when it fits none)."""
    match facts.codec:
        case "FLAC":
            return "FLAC 24bit" if (facts.bit_depth or 0) >= 24 else "FLAC"
        case "ALAC":
            return "ALAC"
        case "APE":
            return "APE"
        case "WavPack":
            return "WavPack"
        case "PCM":
            return "WAV"
        case "WMA":
            return "WMA"
        case "MP3":
            return _mp3(facts)
        case "AAC":
            return _aac(facts)
        case "Vorbis":
            return _vorbis(facts)
    return _UNKNOWN


def quality_of(facts: StreamFacts) -> Quality:
    """The catalogue entry (id, weight) for a stream, for profiles and upgrades."""
    return by_name("lidarr", quality_name(facts))
