"""Back-off escalation, clearing on success, API allowances, request spacing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mediastack.manager.indexers.errors import IndexerDisabledError
from mediastack.manager.indexers.newznab.parser import ApiLimits
from mediastack.manager.indexers.status import BACKOFF_STEPS, IndexerGate


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_backoff_escalates_and_caps_then_clears() -> None:
    clock = Clock()
    gate = IndexerGate(clock=clock)
    periods = []
    for _ in range(len(BACKOFF_STEPS) + 2):
        status = gate.record_failure(1, "HTTP 500")
        assert status.disabled_until is not None
        periods.append(status.disabled_until - clock.now)
    assert periods[:4] == [
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    ]
    assert periods[-1] == periods[-2] == timedelta(hours=24)
    with pytest.raises(IndexerDisabledError):
        gate.ensure_enabled(1)
    gate.ensure_enabled(2)  # other indexers are not affected
    clock.now += timedelta(hours=25)
    gate.ensure_enabled(1)
    gate.record_success(1)
    assert gate.status(1).escalation_level == 0
    assert gate.record_failure(1, "again").disabled_until == clock.now + timedelta(minutes=5)


def test_rate_limit_backoff_is_at_least_what_was_asked() -> None:
    clock = Clock()
    gate = IndexerGate(clock=clock)
    status = gate.record_failure(1, "limit", minimum_backoff=timedelta(hours=2))
    assert status.disabled_until == clock.now + timedelta(hours=2)


def test_exhausted_api_allowance_pauses_until_window_ends() -> None:
    clock = Clock()
    gate = IndexerGate(clock=clock)
    gate.record_api_limits(1, ApiLimits(api_current=44, api_max=50))
    gate.ensure_enabled(1)
    oldest = clock.now - timedelta(hours=20)
    gate.record_api_limits(1, ApiLimits(api_current=50, api_max=50, api_oldest_time=oldest))
    with pytest.raises(IndexerDisabledError) as caught:
        gate.ensure_enabled(1)
    assert caught.value.disabled_until == oldest + timedelta(hours=24)


async def test_spacing_sleeps_the_remaining_interval() -> None:
    slept: list[float] = []
    now = [100.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = IndexerGate(monotonic=lambda: now[0], sleep=sleep)
    await gate.wait_turn(1, 2.0)
    now[0] += 0.5
    await gate.wait_turn(1, 2.0)
    await gate.wait_turn(2, 2.0)
    assert slept == [pytest.approx(1.5)]
