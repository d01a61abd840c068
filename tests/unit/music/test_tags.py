"""The tag reader on real files of every tag family, tagged as Picard tags them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediastack.music.tags import read_tags
from tests.support.audio import FORMATS, encode, make_flac, make_mp3

RECORDING = "17eb8cd6-7bb0-4579-90af-dc38c1b3fc6a"
TRACK = "99def906-c09e-37c2-a0df-f0a86cae4d2a"
RELEASE = "94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032"
GROUP = "05ce100c-eddf-4967-8d7e-33fc0883fe39"
ARTIST = "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6"
PICARD = {
    "artist": "Ed Sheeran",
    "albumartist": "Ed Sheeran",
    "album": "+",
    "title": "The A Team",
    "tracknumber": "1/12",
    "discnumber": "1/2",
    "date": "2011-09-09",
    "musicbrainz_trackid": RECORDING.upper(),  # taggers differ in case; ids are compared lower
    "musicbrainz_releasetrackid": TRACK,
    "musicbrainz_albumid": RELEASE,
    "musicbrainz_releasegroupid": GROUP,
    "musicbrainz_artistid": ARTIST,
}
# WAV's ID3 frames as written by the helper carry no date, album artist or group id.
_PARTIAL = {"wav": {"date", "albumartist", "musicbrainz_releasegroupid", "musicbrainz_artistid"}}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_tag_family_reads_the_same(tmp_path: Path, fmt: str) -> None:
    skip = _PARTIAL.get(fmt, set())
    path = encode(tmp_path / "01", fmt, 1.5, {k: v for k, v in PICARD.items() if k not in skip})
    tags = read_tags(path)
    assert tags is not None
    assert (tags.artist, tags.album, tags.title) == ("Ed Sheeran", "+", "The A Team")
    assert (tags.track_number, tags.track_total, tags.disc_number, tags.disc_total) == (1, 12, 1, 2)
    assert tags.recording_mbid == RECORDING and tags.track_mbid == TRACK
    assert tags.release_mbid == RELEASE
    if fmt != "wav":
        assert tags.album_artist == "Ed Sheeran" and tags.year == 2011
        assert tags.release_group_mbid == GROUP and tags.artist_mbid == ARTIST
    assert tags.duration_seconds is not None and abs(tags.duration_seconds - 1.5) < 0.2
    assert tags.has_identity


def test_hand_made_flac_and_mp3(tmp_path: Path) -> None:
    """Files no encoder made: a FLAC header that claims 200 s, bare MP3 frames."""
    flac = read_tags(make_flac(tmp_path / "a.flac", {"TITLE": "Drunk"}, seconds=200, bits=24))
    assert flac is not None and flac.duration_seconds == 200.0
    assert (flac.quality, flac.bit_depth, flac.sample_rate) == ("FLAC 24bit", 24, 44100)
    mp3 = read_tags(make_mp3(tmp_path / "b.mp3", {"title": "Drunk", "tracknumber": "2"}))
    assert mp3 is not None and (mp3.quality, mp3.bitrate_kbps, mp3.track_number) == (
        "MP3-128",
        128,
        2,
    )


def test_untagged_file_has_no_identity(tmp_path: Path) -> None:
    tags = read_tags(encode(tmp_path / "bare", "flac-16", 1.0))
    assert tags is not None and not tags.has_identity
    assert tags.title is None and tags.track_number is None and tags.quality == "FLAC"


def test_media_info_in_lidarrs_words(tmp_path: Path) -> None:
    tags = read_tags(encode(tmp_path / "x", "flac-24", 1.0, tone=True))
    assert tags is not None
    assert tags.media_info() == {
        "audioChannels": 2.0,
        "audioBitRate": f"{tags.bitrate_kbps} kbps",
        "audioCodec": "FLAC",
        "audioBits": "24bit",
        "audioSampleRate": "44.1kHz",
    }


def test_unreadable_files_yield_none(tmp_path: Path) -> None:
    junk = tmp_path / "junk.flac"
    junk.write_bytes(b"not audio at all")
    truncated = tmp_path / "cut.mp3"
    truncated.write_bytes(encode(tmp_path / "whole", "mp3-128", 1.0).read_bytes()[:10])
    assert read_tags(junk) is None
    assert read_tags(tmp_path / "missing.mp3") is None
    assert read_tags(truncated) is None
