"""Property tests: the parser never raises, is deterministic and stays linear."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediastack.manager.parser import parse
from mediastack.manager.parser.cli import to_expect
from mediastack.manager.parser.core import _MAX_INPUT

APPS = ("sonarr", "radarr", "lidarr")
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
_RELEASEISH = st.lists(
    st.sampled_from(
        [
            "Series",
            "Title",
            "S01E02",
            "1x02",
            "-",
            ".",
            " ",
            "_",
            "[",
            "]",
            "(",
            ")",
            "720p",
            "1080p",
            "2160p",
            "WEB-DL",
            "BluRay",
            "REMUX",
            "x264",
            "HEVC",
            "2019",
            "PROPER",
            "REPACK",
            "v2",
            "GROUP",
            "German",
            "FLAC",
            "MP3",
            "320",
            "Season",
            "2015.09.07",
            "- 01",
            "[ABCDEF12]",
            "E05",
            "Part",
            "AKA",
            "Extended",
            "Cut",
            "【",
            "】",
            "第",
            "集",
            "S02",
            "01-12",
            "www.site.com",
            ".mkv",
            "\\",
            "/",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(st.text(_ALPHABET, max_size=300), _RELEASEISH), app=st.sampled_from(APPS))
def test_never_raises_and_is_deterministic(title: str, app: str) -> None:
    first = parse(title, app)
    second = parse(title, app)
    assert first == second
    out = to_expect(first)
    assert out is None or isinstance(out, dict)


@settings(max_examples=100, deadline=None)
@given(title=_RELEASEISH, kind=st.sampled_from(["title", "path"]))
def test_paths_and_titles_never_raise(title: str, kind: str) -> None:
    for app in APPS:
        parse(title, app, kind)


_ADVERSARIAL = {
    "separators": ". -_" * 25_000,
    "dots_then_letter": "." * 100_000 + "a",
    "brackets": "[" * 50_000 + "]" * 50_000,
    "alternating_brackets": "[](){}" * 16_667,
    "digits": "1" * 100_000,
    "digits_and_dots": "1." * 50_000,
    "episode_markers": "S01E01-" * 14_286,
    "years": "2019 " * 20_000,
    "dash_numbers": "-1" * 50_000,
    "nxm": "1x" * 50_000,
    "mixed": "[01] - 02 (03) S04 " * 5_000,
}


@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
@pytest.mark.parametrize("app", APPS)
def test_adversarial_inputs_are_fast(name: str, app: str) -> None:
    text = _ADVERSARIAL[name]
    assert len(text) >= 95_000
    start = time.perf_counter()
    parse(text, app)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("name", ["separators", "digits_and_dots", "dots_then_letter", "mixed"])
def test_cost_grows_linearly_below_the_input_cap(name: str) -> None:
    """Quadrupling the input must not cost much more than four times as long."""
    unit = _ADVERSARIAL[name]
    small, large = unit[: _MAX_INPUT // 4], unit[:_MAX_INPUT]

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for app in APPS:
                parse(text, app)
            best = min(best, time.perf_counter() - start)
        return best

    small_cost, large_cost = cost(small), cost(large)
    assert large_cost < 10 * small_cost + 0.05
