"""Hand-written behaviour checks (names invented here, not from the vectors)."""

from __future__ import annotations

import pytest

from mediastack.manager.parser import parse
from mediastack.manager.parser.text import normalize_title


def _ep(title: str) -> tuple[str, int, tuple[int, ...]]:
    p = parse(title, "sonarr")
    assert p is not None and p.episode is not None, title
    return p.episode.series_title, p.episode.season, p.episode.episodes


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Gadget.Town.S03E07.1080p.WEB-DL.DDP5.1.H.264-XYZ", ("Gadget Town", 3, (7,))),
        ("Gadget Town - 3x07 - The Pilot [HDTV-720p]", ("Gadget Town", 3, (7,))),
        ("Gadget.Town.S03E07-E09.720p.HDTV.x264-XYZ", ("Gadget Town", 3, (7, 8, 9))),
        ("Gadget.Town.S03E07E08.720p.HDTV.x264-XYZ", ("Gadget Town", 3, (7, 8))),
        ("Gadget.Town.2021.S01E01.720p.HDTV.x264-XYZ", ("Gadget Town 2021", 1, (1,))),
        ("Gadget.Town.307.720p.HDTV.x264-XYZ", ("Gadget Town", 3, (7,))),
    ],
)
def test_season_episode_forms(title: str, expected: tuple[str, int, tuple[int, ...]]) -> None:
    assert _ep(title) == expected


def test_season_pack_and_multi_season() -> None:
    p = parse("Gadget.Town.S02.1080p.BluRay.x264-XYZ")
    assert p is not None and p.episode is not None
    assert p.episode.full_season and p.episode.season == 2 and p.episode.episodes == ()
    m = parse("Gadget Town S01-S04 1080p BluRay x265-XYZ")
    assert m is not None and m.episode is not None and m.episode.multi_season


def test_daily_and_anime() -> None:
    d = parse("Late.Night.Chat.2019.03.14.Guest.Name.720p.WEB.h264-XYZ")
    assert d is not None and d.episode is not None
    assert d.episode.air_date == "2019-03-14" and d.episode.series_title == "Late Night Chat"
    a = parse("[SubGroup] Magic Academy - 12 [1080p][0A1B2C3D].mkv")
    assert a is not None and a.episode is not None
    assert a.episode.absolute_episodes == (12,) and a.episode.series_title == "Magic Academy"
    assert a.release_group == "SubGroup" and a.release_hash == "0A1B2C3D"


def test_quality_revision_and_languages() -> None:
    p = parse("Gadget.Town.S01E01.GERMAN.REPACK.1080p.WEB.h264-XYZ")
    assert p is not None
    assert p.quality.name == "WEBDL-1080p"
    assert p.quality.revision.version == 2 and p.quality.revision.is_repack
    assert p.languages == ("german",)
    r = parse("Some.Film.2011.2160p.UHD.BluRay.REMUX.HDR.HEVC.DTS-HD.MA.7.1-XYZ", "radarr")
    assert r is not None and r.quality.name == "Remux-2160p" and r.quality.modifier == "remux"


def test_movie_edition_and_year() -> None:
    p = parse("The.Long.Road.2008.Directors.Cut.1080p.BluRay.x264-XYZ", "radarr")
    assert p is not None and p.movie is not None
    assert p.movie.movie_title == "The Long Road"
    assert p.movie.year == 2008
    assert p.movie.edition == "Directors Cut"


def test_music_album() -> None:
    p = parse("Some Band - Their Record (2015) [FLAC 24bit]", "lidarr")
    assert p is not None and p.music is not None
    assert (p.music.artist, p.music.album, p.music.year) == ("Some Band", "Their Record", 2015)
    assert p.quality.name == "FLAC 24bit"


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "0123456789abcdef0123456789abcdef", "aZ9kQ2pL7xW3nB8vC4mD1", "password yEnc"],
)
def test_junk_is_refused(junk: str) -> None:
    for app in ("sonarr", "radarr", "lidarr"):
        assert parse(junk, app) is None


def test_normalized_title_for_matching() -> None:
    assert normalize_title("The Gadget & Town!") == normalize_title("Gadget and Town")
    assert normalize_title("Café Société") == "cafesociete"
