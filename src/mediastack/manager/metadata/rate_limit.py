"""A process-wide request pacer: at most one request per interval to one provider.

MusicBrainz asks every client for at most one request per second (per address, and per
User-Agent); going over gets HTTP 503 for everyone behind that address. The limit must hold
across every caller in the process: API handlers on the server's event loop and command
workers, which each run their own event loop in a thread. So the pacer keeps its state
under a thread lock (never an ``asyncio.Lock``, which belongs to one loop), held only for
a few instructions, and each caller sleeps on whatever loop it runs on.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class RateLimiter:
    """One request at a time, each starting at least ``interval`` seconds after the
    previous one ended (so connection set-up or a slow answer never squeezes two requests
    closer together at the provider's end than the interval)."""

    POLL = 0.01

    def __init__(self, interval: float) -> None:
        self.interval = max(0.0, float(interval))
        self._lock = threading.Lock()
        self._next = 0.0
        self._busy = False

    def _try(self) -> float:
        """Take the slot (returns 0) or say how long to wait before asking again."""
        with self._lock:
            now = time.monotonic()
            if not self._busy and now >= self._next:
                self._busy = True
                return 0.0
            return max(self._next - now, self.POLL)

    def _release(self) -> None:
        with self._lock:
            self._busy = False
            self._next = max(self._next, time.monotonic() + self.interval)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold the provider for one request (async callers, on any event loop)."""
        while (delay := self._try()) > 0:
            await asyncio.sleep(delay)
        try:
            yield
        finally:
            self._release()

    def penalise(self, seconds: float) -> None:
        """Push the next request back, after the provider said we went too fast."""
        with self._lock:
            self._next = max(self._next, time.monotonic() + max(0.0, seconds))


_LIMITERS: dict[str, RateLimiter] = {}
_REGISTRY_LOCK = threading.Lock()


def shared_limiter(key: str, interval: float) -> RateLimiter:
    """The one limiter for ``key`` (a provider's host) in this process.

    A later call with another interval changes it for everyone (a settings reload, or a
    test that lowers it), because two limiters for one provider would double the rate.
    """
    with _REGISTRY_LOCK:
        limiter = _LIMITERS.get(key)
        if limiter is None:
            limiter = _LIMITERS[key] = RateLimiter(interval)
        else:
            limiter.interval = max(0.0, float(interval))
        return limiter
