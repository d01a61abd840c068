"""The token engine: syntax, case, separators, optional affixes, colons, limits, multi-episode."""

from __future__ import annotations

import pytest

from mediastack.manager.naming import (
    ColonReplacement,
    MultiEpisodeStyle,
    NamingOptions,
    TokenMatch,
    expand_multi_episode,
    render,
)
from mediastack.manager.naming.engine import pad_number

HANDLERS = {
    "Series Title": lambda m: "The Show: Reborn",
    "season": lambda m: pad_number(1, m.format),
    "episode": lambda m: pad_number(2, m.format),
    "Episode Title": lambda m: "Pilot",
    "Quality Full": lambda m: "WEBDL-1080p Proper",
    "Release Group": lambda m: "",
    "Air Date": lambda m: "2024 01 05",
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Series Title} - S{season:00}E{episode:00}", "The Show - Reborn - S01E02"),
        ("{Series.Title}.S{season:00}E{episode:00}", "The.Show-.Reborn.S01E02"),
        ("{Series_Title}", "The_Show-_Reborn"),
        ("{series title}", "the show - reborn"),
        ("{SERIES TITLE}", "THE SHOW - REBORN"),
        ("{Episode Title}{-Release Group}", "Pilot"),
        ("{Episode Title} {[Quality Full]}", "Pilot [WEBDL-1080p Proper]"),
        ("{Episode Title}{ (Release Group)}", "Pilot"),
        ("{season}x{episode:000}", "1x002"),
        ("{Air-Date}", "2024-01-05"),
        ("{Air.Date}", "2024.01.05"),
        ("{{literal}} {Episode Title}", "{literal} Pilot"),
        ("{Unknown Token} x", "{Unknown Token} x"),
        ("Season {season}/{Episode Title}", "Season 1/Pilot"),
    ],
)
def test_token_syntax(template: str, expected: str) -> None:
    assert render(template, HANDLERS) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (ColonReplacement.DELETE, "The Show Reborn"),
        (ColonReplacement.DASH, "The Show- Reborn"),
        (ColonReplacement.SPACE_DASH, "The Show - Reborn"),
        (ColonReplacement.SPACE_DASH_SPACE, "The Show - Reborn"),
        (ColonReplacement.SMART, "The Show - Reborn"),
    ],
)
def test_colon_replacement(rule: ColonReplacement, expected: str) -> None:
    options = NamingOptions(colon_replacement=rule)
    assert render("{Series Title}", HANDLERS, options) == expected


def test_illegal_characters_replaced_or_removed() -> None:
    nasty = {"Nasty Token": lambda m: 'a/b\\c<d>e?f*g|h"i'}
    assert render("{Nasty Token}", nasty) == "a+b+cde!f-ghi"
    plain = NamingOptions(replace_illegal_characters=False)
    assert render("{Nasty Token}", nasty, plain) == "abcdefghi"


def test_long_titles_are_truncated_to_fit() -> None:
    long = {"Episode Title": lambda m: "word " * 100, "Name": lambda m: "Show"}
    options = NamingOptions(truncatable=frozenset({"episodetitle"}))
    name = render("{Name} - {Episode Title}", long, options, reserve_bytes=4)
    assert len(name.encode()) + 4 <= 255 and name.startswith("Show - word")


def test_handlers_see_the_match() -> None:
    seen: list[TokenMatch] = []

    def spy(m: TokenMatch) -> str:
        seen.append(m)
        return "x"

    render("{[Some.Token:30]}", {"Some Token": spy})
    assert seen[0].prefix == "[" and seen[0].suffix == "]" and seen[0].separator == "."
    assert seen[0].format == "30" and seen[0].key == "sometoken"


STANDARD = "{Series Title} - S{season:00}E{episode:00} - {Episode Title}"


@pytest.mark.parametrize(
    ("style", "episodes", "expected"),
    [
        (MultiEpisodeStyle.EXTEND, [1, 2, 3], "X - S01E01-02-03 - T"),
        (MultiEpisodeStyle.DUPLICATE, [1, 2, 3], "X - S01E01 - S01E02 - S01E03 - T"),
        (MultiEpisodeStyle.REPEAT, [1, 2, 3], "X - S01E01E02E03 - T"),
        (MultiEpisodeStyle.SCENE, [1, 2, 3], "X - S01E01-E02-E03 - T"),
        (MultiEpisodeStyle.RANGE, [1, 2, 3], "X - S01E01-03 - T"),
        (MultiEpisodeStyle.PREFIXED_RANGE, [1, 2, 3], "X - S01E01-E03 - T"),
        (MultiEpisodeStyle.RANGE, [1, 3], "X - S01E01-03 - T".replace("-03", "-03")),
        (MultiEpisodeStyle.PREFIXED_RANGE, [4], "X - S01E04 - T"),
    ],
)
def test_multi_episode_styles(style: MultiEpisodeStyle, episodes: list[int], expected: str) -> None:
    template = expand_multi_episode(STANDARD, 1, episodes, style)
    handlers = {
        "Series Title": lambda m: "X",
        "Episode Title": lambda m: "T",
        "season": lambda m: pad_number(1, m.format),
        "episode": lambda m: pad_number(episodes[0], m.format),
    }
    assert render(template, handlers) == expected


def test_multi_episode_nxm_and_absolute() -> None:
    template = expand_multi_episode(
        "{season}x{episode:00} {absolute:000}", 2, [5, 6], MultiEpisodeStyle.REPEAT, [17, 18]
    )
    assert template == "2x05x06 017-018"
