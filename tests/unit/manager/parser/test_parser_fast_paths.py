"""The parser skips a pattern when a character the pattern needs is absent (an RSS sync
parses thousands of names); names that have the character still get every pattern."""

from __future__ import annotations

import pytest

from mediastack.manager.parser import parse


@pytest.mark.parametrize(
    ("title", "fields"),
    [
        # alternative titles: ASCII, and a Kelvin sign that folds to "k" only in the pattern
        (
            "Show A AKA Show B S01E01 720p HDTV x264-GRP",
            {"series_titles": ("Show A", "Show B"), "episodes": (1,)},
        ),
        (
            "Show A A\u212aA Show B S01E01 720p HDTV x264-GRP",
            {"series_titles": ("Show A", "Show B")},
        ),
        ("Show A Akademie S01E01 720p HDTV x264-GRP", {"series_titles": ()}),
        # a year in the title, and none
        ("Show (2019) S01E01 1080p WEB-DL DD5.1 H.264-NTb", {"year": 2019}),
        ("Show S01E01 1080p WEB-DL DD5.1 H.264-NTb", {"year": 0}),
        # "of" after the episodes makes a full season
        ("Show.S01E01-E03.of.3.720p.HDTV.x264-CTU", {"full_season": True}),
        # absolute numbers around the marker need their dash or space
        ("Show - 214 - S10E14 720p HDTV x264-GRP", {"absolute_episodes": (214,)}),
        ("Show S10E14 214 [720p HDTV]", {"absolute_episodes": (214,)}),
        ("Show.S10E14.214.720p.HDTV.x264-GRP", {"absolute_episodes": ()}),
        # slash-separated titles keep the last one
        ("Native / Latin Title S02E01 720p WEB-DL-GRP", {"series_title": "Latin Title"}),
        # an air date needs its 19xx/20xx year
        ("Daily Show 2024.03.05 720p HDTV x264-GRP", {"air_date": "2024-03-05"}),
    ],
)
def test_episode_fields(title: str, fields: dict[str, object]) -> None:
    parsed = parse(title, "sonarr")
    assert parsed is not None and parsed.episode is not None
    for name, value in fields.items():
        assert getattr(parsed.episode, name) == value, name


@pytest.mark.parametrize(
    ("title", "version", "group"),
    [
        ("[SubsPlease] Iron Blade - 05v2 (1080p) [ABCD1234].mkv", 2, "SubsPlease"),
        ("Show.S01E01.720p.HDTV.x264-2HD [AC3]", 1, "2HD"),
        ("Show.S01E01.720p.HDTV.x264-GRP [ABCD1234]", 1, "GRP"),
        ("Show.S01E01.DV.HDR.2160p.WEB.H.265-GRP", 1, "GRP"),
        ("Show S01E01 1080p WEB-DL x264 {tvdb-12345}-GRP", 1, "GRP"),
        # re-posters' suffixes go, whatever their case, "rakuv" ones with any ending
        ("Show.S01E01.720p.HDTV.x264-GRP-NZBgeek", 1, "GRP"),
        ("Show.S01E01.720p.HDTV.x264-GRP-Rakuvfinhel", 1, "GRP"),
        ("Show.S01E01.720p.HDTV.x264-GRP.1", 1, "GRP"),
        ("Show.S01E01.720p.HDTV.x264-GRP-postbot-xpost", 1, "GRP"),
    ],
)
def test_revision_and_group(title: str, version: int, group: str) -> None:
    parsed = parse(title, "sonarr")
    assert parsed is not None
    assert parsed.quality.revision.version == version
    assert parsed.release_group == group
