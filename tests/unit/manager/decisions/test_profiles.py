"""Release profiles and tag-scoped delay profiles in the decision engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mediastack.manager.decisions import DecisionMaker, DelayProfile, RejectionType
from mediastack.manager.decisions.delay import best_for_tags
from mediastack.manager.decisions.prioritize import prioritize
from mediastack.manager.decisions.release_profiles import (
    ReleaseProfile,
    TermError,
    matching_terms,
    term_matcher,
)
from mediastack.manager.decisions.rules import DecisionRules
from mediastack.manager.decisions.specifications import DelayElapsed, ReleaseProfileAllowed
from tests.unit.manager.decisions.conftest import candidate, context

TITLE = "Show.S01E01.720p.HDTV.x264-GRP"


def profile(pid: int = 1, **changes: object) -> ReleaseProfile:
    base = ReleaseProfile(pid, "p", True, (), ())
    return replace(base, **changes)  # type: ignore[arg-type]


def reason(ctx_profiles: tuple[ReleaseProfile, ...], title: str = TITLE) -> str | None:
    rejection = ReleaseProfileAllowed().evaluate(
        candidate(title), context(release_profiles=ctx_profiles)
    )
    return None if rejection is None else rejection.reason


def test_terms_are_substrings_or_perl_style_regexes() -> None:
    assert matching_terms(["hdtv", "x265"], TITLE) == ["hdtv"]  # case-insensitive
    assert matching_terms(["/\\bGRP$/"], TITLE) == ["/\\bGRP$/"]
    assert matching_terms(["/\\bgrp$/"], TITLE) == []  # no i: case matters
    assert matching_terms(["/\\bgrp$/i"], TITLE) == ["/\\bgrp$/i"]
    assert term_matcher("a.b").search("axb") is None  # a plain term is not a pattern
    with pytest.raises(TermError):
        term_matcher("/x/q")
    with pytest.raises(TermError):
        term_matcher("/x(/")


def test_release_profile_rule() -> None:
    assert reason(()) is None
    assert reason((profile(required=("WEB-DL", "NTb")),)) == (
        "Does not contain one of the required terms: WEB-DL, NTb"
    )
    assert reason((profile(required=("hdtv", "NTb")),)) is None
    assert reason((profile(ignored=("x264", "GRP", "x265")),)) == (
        "Contains these ignored terms: x264, GRP"
    )
    # a profile for another indexer does not apply (the candidate comes from indexer 1)
    assert reason((profile(ignored=("x264",), indexer_id=2),)) is None
    assert reason((profile(ignored=("x264",), indexer_id=1),)) is not None
    assert reason((profile(ignored=("/x(/",)),)).startswith(  # type: ignore[union-attr]
        "Release profile term cannot be used"
    )


def test_best_delay_profile_for_tags() -> None:
    default = DelayProfile()
    kids = DelayProfile(usenet_delay_minutes=60, tags=(5,), id=2, order=2)
    anime = DelayProfile(usenet_delay_minutes=90, tags=(5, 7), id=3, order=1)
    profiles = [default, kids, anime]
    assert best_for_tags(profiles, []) is default
    assert best_for_tags(profiles, [5]) is anime  # lower order wins
    assert best_for_tags([default, kids], [5, 9]) is kids
    assert best_for_tags([default, kids], [9]) is default
    assert best_for_tags([], [1]) == DelayProfile()


def test_delay_bypassed_by_custom_format_score() -> None:
    delayed = DelayProfile(usenet_delay_minutes=600, bypass_if_highest_quality=False)
    bypass = replace(
        delayed, bypass_if_above_custom_format_score=True, minimum_custom_format_score=100
    )
    low = candidate(custom_format_score=50)
    high = candidate(custom_format_score=150)
    assert DelayElapsed().evaluate(high, context(delay_profile=delayed)) is not None
    assert DelayElapsed().evaluate(low, context(delay_profile=bypass)) is not None
    assert DelayElapsed().evaluate(high, context(delay_profile=bypass)) is None


def test_decision_maker_applies_rules_by_the_items_tags() -> None:
    calls = {"delay": 0}

    def delays() -> list[DelayProfile]:
        calls["delay"] += 1
        return [
            DelayProfile(),
            DelayProfile(usenet_delay_minutes=600, tags=(5,), id=2, order=1),
        ]

    releases = [
        profile(1, ignored=("GRP",), tags=(5,)),
        profile(2, required=("720p",)),
        profile(3, ignored=("HDTV",), enabled=False),
    ]
    rules = DecisionRules(delays, lambda: releases, lambda: {5: [1]})
    maker = DecisionMaker(rules=rules)
    tagged = candidate()  # its item's parent (series) is 1, which carries tag 5
    decision = maker.evaluate(tagged, context())
    assert decision.delay_profile is not None and decision.delay_profile.id == 2
    assert "Contains these ignored terms: GRP" in decision.reasons
    waiting = [r for r in decision.rejections if r.type is RejectionType.TEMPORARY]
    assert waiting and waiting[0].reason.startswith("Waiting for better quality release")
    other = replace(tagged, items=(replace(tagged.items[0], parent_id=2),))
    plain = maker.evaluate(other, context())
    assert plain.approved and plain.delay_profile == DelayProfile()
    maker.evaluate(other, context())
    assert calls["delay"] == 1  # one read for many candidates
    rules.invalidate()
    maker.evaluate(other, context())
    assert calls["delay"] == 2


def test_ranking_prefers_the_protocol_of_the_decisions_own_delay_profile() -> None:
    usenet = candidate()
    torrent = candidate(protocol="torrent", seeders=50)
    prefers_torrent = DelayProfile(preferred_protocol="torrent", tags=(5,), id=2, order=1)
    rules = DecisionRules(lambda: [DelayProfile(), prefers_torrent], list, lambda: {5: [1]})
    decisions = [DecisionMaker(rules=rules).evaluate(c, context()) for c in (usenet, torrent)]
    assert prioritize(decisions, context())[0].candidate.protocol == "torrent"
    plain = [DecisionMaker().evaluate(c, context()) for c in (usenet, torrent)]
    assert prioritize(plain, context())[0].candidate.protocol == "usenet"
