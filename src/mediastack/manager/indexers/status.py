"""Per-indexer admission: back-off after failures, request spacing and API allowances.

Indexers are other people's servers with daily API caps; hammering a failing or capped one
gets an account banned. So every request first asks the ``IndexerGate``:

* **back-off** - each consecutive failure disables the indexer for longer (5 min, 15, 30,
  1 h, 3 h, 6 h, 12 h, 24 h, like the originals' escalation), a rate-limit answer for at
  least what the indexer asked (1 h when it did not say); one success clears it all;
* **spacing** - at most one request per ``min_interval`` per indexer, requests queue up;
* **API allowance** - a feed reporting ``apiCurrent >= apiMax`` disables the indexer until
  the oldest counted request leaves the 24 h window (or for an hour if it does not say).

State lives behind ``IndexerStatusStore``; the in-memory store is the default and the lead
can swap in a database-backed one without touching the gate.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from mediastack.manager.indexers.errors import IndexerDisabledError
from mediastack.manager.indexers.newznab.parser import ApiLimits

__all__ = [
    "BACKOFF_STEPS",
    "RATE_LIMIT_BACKOFF",
    "InMemoryIndexerStatusStore",
    "IndexerGate",
    "IndexerKey",
    "IndexerStatus",
    "IndexerStatusStore",
]

log = logging.getLogger(__name__)

IndexerKey = int | str

BACKOFF_STEPS: tuple[timedelta, ...] = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
RATE_LIMIT_BACKOFF = timedelta(hours=1)
API_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class IndexerStatus:
    """Failure history of one indexer; the default value means "healthy"."""

    key: IndexerKey
    escalation_level: int = 0
    initial_failure: datetime | None = None
    most_recent_failure: datetime | None = None
    disabled_until: datetime | None = None
    last_error: str | None = None

    def is_disabled(self, now: datetime) -> bool:
        return self.disabled_until is not None and now < self.disabled_until


class IndexerStatusStore(Protocol):
    def get(self, key: IndexerKey) -> IndexerStatus | None: ...

    def put(self, status: IndexerStatus) -> None: ...

    def delete(self, key: IndexerKey) -> None: ...


class InMemoryIndexerStatusStore:
    def __init__(self) -> None:
        self._statuses: dict[IndexerKey, IndexerStatus] = {}

    def get(self, key: IndexerKey) -> IndexerStatus | None:
        return self._statuses.get(key)

    def put(self, status: IndexerStatus) -> None:
        self._statuses[status.key] = status

    def delete(self, key: IndexerKey) -> None:
        self._statuses.pop(key, None)

    def all(self) -> list[IndexerStatus]:
        return list(self._statuses.values())


def _utcnow() -> datetime:
    return datetime.now(UTC)


class IndexerGate:
    """Decides whether, and when, a request to an indexer may go out.

    ``clock`` (wall time, for disable-until dates that outlive the process) and
    ``monotonic``/``sleep`` (for spacing) are injectable so tests can move time.
    """

    def __init__(
        self,
        store: IndexerStatusStore | None = None,
        *,
        backoff: Sequence[timedelta] = BACKOFF_STEPS,
        clock: Callable[[], datetime] = _utcnow,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not backoff:
            raise ValueError("backoff needs at least one step")
        self.store: IndexerStatusStore = store or InMemoryIndexerStatusStore()
        self._backoff = tuple(backoff)
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._locks: dict[IndexerKey, asyncio.Lock] = {}
        self._last_request: dict[IndexerKey, float] = {}

    def status(self, key: IndexerKey) -> IndexerStatus:
        return self.store.get(key) or IndexerStatus(key)

    def ensure_enabled(self, key: IndexerKey) -> None:
        """Raise ``IndexerDisabledError`` while ``key`` is backing off."""
        status = self.status(key)
        if status.disabled_until is not None and status.is_disabled(self._clock()):
            raise IndexerDisabledError(
                f"indexer is disabled until {status.disabled_until.isoformat()} after "
                f"failures ({status.last_error or 'unknown error'})",
                disabled_until=status.disabled_until,
            )

    async def wait_turn(self, key: IndexerKey, min_interval: float) -> None:
        """Sleep until ``min_interval`` seconds have passed since the last request to ``key``.

        Callers queue on a per-indexer lock, so concurrent searches are spaced too.
        """
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            last = self._last_request.get(key)
            if last is not None and min_interval > 0:
                delay = last + min_interval - self._monotonic()
                if delay > 0:
                    await self._sleep(delay)
            self._last_request[key] = self._monotonic()

    def record_success(self, key: IndexerKey) -> None:
        if self.store.get(key) is not None:
            log.info("indexer %s is working again", key)
            self.store.delete(key)

    def record_failure(
        self, key: IndexerKey, error: str, *, minimum_backoff: timedelta | None = None
    ) -> IndexerStatus:
        """Escalate the back-off one step (at least ``minimum_backoff``) and store it."""
        now = self._clock()
        current = self.status(key)
        level = min(current.escalation_level + 1, len(self._backoff))
        period = max(self._backoff[level - 1], minimum_backoff or timedelta(0))
        status = replace(
            current,
            escalation_level=level,
            initial_failure=current.initial_failure or now,
            most_recent_failure=now,
            disabled_until=now + period,
            last_error=error,
        )
        self.store.put(status)
        log.warning("indexer %s failed (%s); disabled for %s", key, error, period)
        return status

    def record_api_limits(self, key: IndexerKey, limits: ApiLimits | None) -> None:
        """Stop using an indexer whose reported daily API allowance is used up."""
        if limits is None or not limits.exhausted:
            return
        now = self._clock()
        until = (
            limits.api_oldest_time + API_WINDOW
            if limits.api_oldest_time is not None and limits.api_oldest_time + API_WINDOW > now
            else now + RATE_LIMIT_BACKOFF
        )
        current = self.status(key)
        self.store.put(
            replace(
                current,
                disabled_until=max(until, current.disabled_until or until),
                last_error=f"API limit reached ({limits.api_current}/{limits.api_max})",
            )
        )
        log.warning("indexer %s used its API allowance; paused until %s", key, until)
