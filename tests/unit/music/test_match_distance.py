"""The distance arithmetic and the least-cost assignment the matcher rests on."""

from __future__ import annotations

import itertools
import random

import pytest

from mediastack.music.importing.assignment import assign
from mediastack.music.importing.distance import Distance, clean, levenshtein, string_distance


def test_strings_compare_without_case_accents_or_punctuation() -> None:
    assert clean("Beyoncé — Halo!") == "beyoncehalo"
    assert clean("ケアレス -Instrumental-") == "ケアレスinstrumental"
    assert string_distance("ケアレス", "スターリー") > 0.5
    assert string_distance("The A-Team", "the a team") == 0.0
    assert string_distance("", "") == 0.0
    assert string_distance("÷", "+") == 1.0 and string_distance("+", " + ") == 0.0
    assert string_distance("", "Drunk") == 1.0
    assert levenshtein("kitten", "sitting") == 3
    assert string_distance("Lego House", "Lego Houses") == pytest.approx(1 / 10)


def test_weighted_distance_and_reasons() -> None:
    distance = Distance()
    distance.add_bool("recording_id", False)  # weight 5, agrees
    distance.add_string("track_title", "Drunk", "Drunk")  # weight 3, agrees
    distance.add_ratio("track_length", 15, 30)  # weight 2, half a penalty
    assert distance.normalized() == pytest.approx(1.0 / 10.0)
    assert distance.reasons == ["track_length"]
    assert distance.describe() == "10.0% [track_length]"
    distance.add_number("media_count", 1, 3)  # two discs off: two full penalties
    assert distance.penalties["media_count"] == [1.0, 1.0]
    assert distance.normalized(skip=["media_count"]) == pytest.approx(0.1)
    distance.add_priority("country", ["GB", "JP"], ("US", "GB", "XE", "XW"))
    assert distance.penalties["country"] == [0.25]
    with pytest.raises(KeyError):
        distance.add("nonsense", 0.0)
    with pytest.raises(ValueError):
        distance.add("year", 1.5)


def test_assignment_beats_greedy() -> None:
    # greedy takes (0,0)=0.1 and is left with (1,1)=0.9; the best total is 0.2+0.3
    cost = [[0.1, 0.2], [0.3, 0.9]]
    assert assign(cost) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("seed", range(20))
def test_assignment_is_least_cost_for_rectangles(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 6), rng.randint(1, 6)
    cost = [[rng.random() for _ in range(cols)] for _ in range(rows)]
    pairs = assign(cost)
    size = min(rows, cols)
    assert len(pairs) == size
    assert len({r for r, _ in pairs}) == size and len({c for _, c in pairs}) == size
    best = min(
        sum(cost[r][c] for r, c in zip(chosen, perm, strict=True))
        for chosen in itertools.combinations(range(rows), size)
        for perm in itertools.permutations(range(cols), size)
    )
    assert sum(cost[r][c] for r, c in pairs) == pytest.approx(best)
    assert assign([]) == [] and assign([[]]) == []
