"""Download rules match articles as qBittorrent's do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mediastack.torrent.rss.rules import (
    Rule,
    TorrentParams,
    episode_name,
    smart_episode_regex,
    wildcard_pattern,
)
from mediastack.torrent.settings import DEFAULT_SMART_EPISODE_FILTERS

SMART = smart_episode_regex(DEFAULT_SMART_EPISODE_FILTERS)
DAY = datetime(2026, 11, 20, 12, tzinfo=UTC)


def article(title: str, days: int = 0) -> dict[str, Any]:
    return {"id": title, "title": title, "date": DAY + timedelta(days=days)}


def accepts(rule: Rule, title: str, days: int = 0, repacks: bool = True) -> bool:
    item = article(title, days)
    episodes = rule.matches(item, SMART, repacks)
    if episodes is None:
        return False
    rule.accept(item, episodes)
    return True


def rule(**fields: Any) -> Rule:
    return Rule.from_json(fields, "r")


@pytest.mark.parametrize(
    ("must", "must_not", "title", "matched"),
    [
        ("show s01", "", "The.Show.S01E01.720p", True),  # every word, any order, substrings
        ("s01 show", "", "The.Show.S01E01.720p", True),
        ("show s02", "", "The.Show.S01E01.720p", False),
        ("show*720p", "", "The.Show.S01E01.720p", True),  # * spans anything
        ("s0?e01", "", "The.Show.S01E01.720p", True),
        ("show s02|show s01", "", "The.Show.S01E01.720p", True),  # | is "or"
        ("show", "720p|1080p", "The.Show.S01E01.720p", False),
        ("show", "x264|", "The.Show.S01E01.720p", False),  # an empty alternative always matches
        ("", "", "anything at all", True),
        ("[sS]how", "", "The.Show", True),
    ],
)
def test_wildcard_expressions(must: str, must_not: str, title: str, matched: bool) -> None:
    assert accepts(rule(mustContain=must, mustNotContain=must_not), title) is matched


def test_regex_expressions_are_one_pattern_each_and_bad_ones_match_nothing() -> None:
    assert accepts(rule(useRegex=True, mustContain=r"show\.s01e0[12]|nope"), "The.Show.S01E02")
    assert not accepts(rule(useRegex=True, mustContain=r"(unclosed"), "The.Show.S01E02")
    assert accepts(rule(useRegex=True, mustContain="show", mustNotContain="("), "The.Show")
    assert wildcard_pattern("a.b*") == r"a\.b.*"


@pytest.mark.parametrize(
    ("spec", "title", "matched"),
    [
        ("1x2;", "Show.S01E02.720p", True),
        ("1x2;", "Show 1x02 720p", True),
        ("1x2;", "Show.S01E12.720p", False),
        ("1x2;5;", "Show.S01E05", True),
        ("1x8-10;", "Show.S01E09", True),
        ("1x8-10;", "Show.S01E11", False),
        ("1x10-8;", "Show.S01E09", False),  # a reversed range matches nothing
        ("2x3-;", "Show.S02E07", True),  # open range...
        ("2x3-;", "Show.S03E01", True),  # ...takes later seasons too
        ("2x3-;", "Show.S02E02", False),
        ("01x2;", "Show.S01E02", True),
        ("1x2", "Show.S01E02", False),  # no closing ';': not a filter, nothing matches
        ("1x002;", "Show.S01E02", True),
    ],
)
def test_episode_filter(spec: str, title: str, matched: bool) -> None:
    assert accepts(rule(episodeFilter=spec), title) is matched


def test_smart_filter_takes_each_episode_once_then_one_repack_or_proper() -> None:
    smart = rule(smartFilter=True)
    assert accepts(smart, "Show.S01E01.720p")
    assert not accepts(smart, "Show.S01E01.1080p")  # same episode, other release
    assert accepts(smart, "Show.S01E01.REPACK.720p")
    assert not accepts(smart, "Show.S01E01.REPACK.1080p")
    assert accepts(smart, "Show.S01E01.PROPER.720p")
    assert accepts(smart, "Show.2026.11.20.Daily")  # dated episodes count too
    assert not accepts(smart, "Show.2026.11.20.Daily.Rerun")
    assert accepts(smart, "Show without any episode number")  # nothing to compare: allowed
    assert smart.previously_matched == ["1x1", "1x1-REPACK", "1x1-PROPER", "2026.11.20"]
    strict = rule(smartFilter=True, previouslyMatchedEpisodes=["1x1"])
    assert not accepts(strict, "Show.S01E01.REPACK", repacks=False)
    assert episode_name("show_S02E05_x", SMART) == "2x5"


def test_ignore_days_after_a_match() -> None:
    waiting = rule(ignoreDays=2)
    assert accepts(waiting, "a", days=0)
    assert not accepts(waiting, "b", days=1)
    assert accepts(waiting, "c", days=2)
    assert waiting.last_match == DAY + timedelta(days=2)


def test_json_round_trip_in_qbittorrent_5_shape_and_legacy_fields() -> None:
    modern = Rule.from_json(
        {
            "mustContain": "a|b",
            "affectedFeeds": ["http://f/1"],
            "torrentParams": {"category": "tv", "stopped": True, "tags": ["x"],
                              "operating_mode": "Forced", "content_layout": "Subfolder"},
            "savePath": "/ignored/when/torrentParams/given",
        },
        "modern",
    )  # fmt: skip
    assert modern.params == TorrentParams(
        category="tv", stopped=True, tags=("x",), forced=True, content_layout="Subfolder"
    )
    out = modern.to_json()
    assert out["mustContain"] == "a|b" and out["assignedCategory"] == "tv"
    assert out["addPaused"] is True and out["torrentContentLayout"] == "Subfolder"
    assert out["torrentParams"]["operating_mode"] == "Forced"
    assert Rule.from_json(out, "modern") == modern
    legacy = Rule.from_json({"savePath": "/d/tv", "assignedCategory": "tv", "addPaused": False}, "")
    assert legacy.params.save_path == "/d/tv" and legacy.params.stopped is False
    accepted = rule()
    assert accepts(accepted, "x")
    assert Rule.from_json(accepted.to_json(), "r").last_match == DAY
