"""The tag reader on FLAC and MP3 files made in the test, with Picard's MusicBrainz tags."""

from __future__ import annotations

from pathlib import Path

from mediastack.music.tags import read_tags
from tests.unit.music.audio_files import make_flac, make_mp3

RECORDING = "17eb8cd6-7bb0-4579-90af-dc38c1b3fc6a"
TRACK = "99def906-c09e-37c2-a0df-f0a86cae4d2a"


def test_flac_vorbis_comments(tmp_path: Path) -> None:
    path = make_flac(
        tmp_path / "01.flac",
        {
            "ARTIST": "Ed Sheeran",
            "ALBUM": "+",
            "TITLE": "The A Team",
            "TRACKNUMBER": "1",
            "TRACKTOTAL": "12",
            "DISCNUMBER": "1/2",
            "MUSICBRAINZ_TRACKID": RECORDING,
            "MUSICBRAINZ_RELEASETRACKID": TRACK,
            "MUSICBRAINZ_ALBUMID": "94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032",
            "MUSICBRAINZ_RELEASEGROUPID": "05ce100c-eddf-4967-8d7e-33fc0883fe39",
        },
    )
    tags = read_tags(path)
    assert tags is not None
    assert (tags.artist, tags.album, tags.title) == ("Ed Sheeran", "+", "The A Team")
    assert (tags.track_number, tags.track_total, tags.disc_number, tags.disc_total) == (1, 12, 1, 2)
    assert tags.recording_mbid == RECORDING and tags.track_mbid == TRACK
    assert tags.release_group_mbid == "05ce100c-eddf-4967-8d7e-33fc0883fe39"
    assert tags.quality == "FLAC" and tags.duration_seconds == 1.0


def test_mp3_id3_frames(tmp_path: Path) -> None:
    path = make_mp3(
        tmp_path / "02.mp3",
        {
            "artist": "Ed Sheeran",
            "album": "+",
            "title": "Drunk",
            "tracknumber": "2/12",
            "discnumber": "1",
            "musicbrainz_trackid": RECORDING,
            "musicbrainz_artistid": "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6",
        },
    )
    tags = read_tags(path)
    assert tags is not None and tags.quality == "MP3"
    assert (tags.title, tags.track_number, tags.track_total, tags.disc_number) == (
        "Drunk",
        2,
        12,
        1,
    )
    assert tags.recording_mbid == RECORDING
    assert tags.artist_mbid == "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6"
    assert tags.duration_seconds is not None and tags.duration_seconds > 0.5


def test_unreadable_files_yield_none(tmp_path: Path) -> None:
    junk = tmp_path / "junk.flac"
    junk.write_bytes(b"not audio at all")
    assert read_tags(junk) is None
    assert read_tags(tmp_path / "missing.mp3") is None
