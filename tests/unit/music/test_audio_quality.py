"""A file's quality from its stream: real encodes for each codec, the band rules in detail."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediastack.music.audio_quality import StreamFacts, quality_name, quality_of
from mediastack.music.tags import read_tags
from tests.support.audio import encode


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("mp3-320", "MP3-320"),
        ("mp3-256", "MP3-256"),
        ("mp3-192", "MP3-192"),
        ("mp3-128", "MP3-128"),
        ("mp3-v0", "MP3-VBR-V0"),
        ("flac-16", "FLAC"),
        ("flac-24", "FLAC 24bit"),
        ("alac", "ALAC"),
        ("vorbis-q6", "OGG Vorbis Q6"),
        ("wavpack", "WavPack"),
        ("wma", "WMA"),
        ("wav", "WAV"),
    ],
)
def test_quality_of_real_encodes(tmp_path: Path, fmt: str, expected: str) -> None:
    tags = read_tags(encode(tmp_path / "t", fmt, 2.0, tone=True))
    assert tags is not None and tags.quality == expected


def test_aac_is_banded_by_its_average_bitrate(tmp_path: Path) -> None:
    tags = read_tags(encode(tmp_path / "t", "aac-256", 2.0, tone=True))
    assert tags is not None and tags.codec == "AAC"
    # ffmpeg's encoder spends ~218 kbit/s on a pure tone: no band, so Lidarr's AAC-VBR
    assert tags.bitrate_kbps is not None and tags.quality == quality_name(
        StreamFacts("AAC", tags.bitrate_kbps)
    )
    assert quality_name(StreamFacts("AAC", 255)) == "AAC-256"
    assert quality_name(StreamFacts("AAC", 318)) == "AAC-320"
    assert quality_name(StreamFacts("AAC", 192)) == "AAC-192"
    assert quality_name(StreamFacts("AAC", 218)) == "AAC-VBR"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("-V 2 --vbr-new", "MP3-VBR-V2"),
        ("-V0", "MP3-VBR-V0"),
        ("--preset standard", "MP3-VBR-V2"),
        ("--preset extreme", "MP3-VBR-V0"),
        ("", "MP3-VBR-V0"),  # no LAME header: Lidarr's answer for any VBR MP3
    ],
)
def test_vbr_mp3_by_lame_preset(settings: str, expected: str) -> None:
    assert quality_name(StreamFacts("MP3", 190, "VBR", settings)) == expected


def test_cbr_mp3_takes_the_nearest_band_and_odd_codecs_are_unknown() -> None:
    assert quality_name(StreamFacts("MP3", 319, "CBR")) == "MP3-320"
    assert quality_name(StreamFacts("MP3", 96, "CBR")) == "MP3-96"
    assert quality_name(StreamFacts("MP3", None, "CBR")) == "Unknown"
    assert quality_name(StreamFacts("Opus", 128)) == "Unknown"
    assert quality_name(StreamFacts("Vorbis", 160)) == "Unknown"  # q5 is not in the catalogue
    assert quality_name(StreamFacts("Vorbis", 499)) == "OGG Vorbis Q10"
    assert quality_name(StreamFacts(None)) == "Unknown"


def test_catalogue_entries_rank_lossless_above_lossy() -> None:
    flac24 = quality_of(StreamFacts("FLAC", 900, bit_depth=24))
    flac = quality_of(StreamFacts("FLAC", 900, bit_depth=16))
    mp3 = quality_of(StreamFacts("MP3", 320, "CBR"))
    assert (flac24.name, flac24.id) == ("FLAC 24bit", 21) and (flac.id, mp3.id) == (6, 4)
    assert flac24.weight > flac.weight > mp3.weight
