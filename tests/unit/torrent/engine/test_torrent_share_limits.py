"""Share-limit resolution (torrent -> category -> global) and the reached test."""

from __future__ import annotations

import pytest

from mediastack.torrent.engine import NO_LIMIT, USE_GLOBAL, ShareLimitAction, ShareLimits
from mediastack.torrent.engine.share_limits import (
    MAX_RATIO,
    EffectiveLimits,
    effective_limits,
    limit_reached,
    share_ratio,
)

PAUSE, REMOVE = ShareLimitAction.PAUSE, ShareLimitAction.REMOVE


def test_everything_inherited_from_global() -> None:
    limits = effective_limits(ShareLimits(), None, 2.0, 60, PAUSE)
    assert limits == EffectiveLimits(ratio=2.0, seeding_time=60, action=PAUSE)


def test_no_global_limit() -> None:
    limits = effective_limits(ShareLimits(), None, None, None, PAUSE)
    assert not limits.any and limits.ratio == NO_LIMIT


def test_category_overrides_global_and_torrent_overrides_category() -> None:
    category = ShareLimits(ratio_limit=1.0, seeding_time_limit=USE_GLOBAL, action=REMOVE)
    limits = effective_limits(ShareLimits(), category, 2.0, 60, PAUSE)
    assert limits == EffectiveLimits(1.0, 60, REMOVE)
    torrent = ShareLimits(ratio_limit=3.0, seeding_time_limit=NO_LIMIT, action=PAUSE)
    assert effective_limits(torrent, category, 2.0, 60, PAUSE) == EffectiveLimits(3.0, -1, PAUSE)


def test_no_limit_stops_inheritance() -> None:
    limits = effective_limits(ShareLimits(ratio_limit=NO_LIMIT), None, 2.0, None, PAUSE)
    assert limits.ratio == NO_LIMIT


@pytest.mark.parametrize(
    ("uploaded", "downloaded", "done", "ratio"),
    [
        (0, 0, 0, 0.0),
        (100, 0, 0, MAX_RATIO),
        (50, 100, 100, 0.5),
        (200, 0, 100, 2.0),  # added with its data: the size counts as downloaded
        (10**12, 1, 1, MAX_RATIO),
    ],
)
def test_share_ratio(uploaded: int, downloaded: int, done: int, ratio: float) -> None:
    assert share_ratio(uploaded, downloaded, done) == ratio


def test_limit_reached() -> None:
    limits = EffectiveLimits(ratio=1.0, seeding_time=10, action=PAUSE)
    assert not limit_reached(limits, 0.99, 599)
    assert limit_reached(limits, 1.0, 0)
    assert limit_reached(limits, 0.0, 600)
    assert not limit_reached(EffectiveLimits(-1, -1, PAUSE), MAX_RATIO, 10**9)
    assert limit_reached(EffectiveLimits(0.0, -1, PAUSE), 0.0, 0)
