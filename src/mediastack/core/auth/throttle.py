"""Login throttling: an address that fails repeatedly is refused for a while.

This is what qBittorrent calls an IP ban (``web_ui_max_auth_fail_count`` failures, then
``web_ui_ban_duration`` seconds); every service uses the same rule for its logins and for
wrong API keys, so guessing a key is as slow as guessing a password.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Record:
    failures: deque[float] = field(default_factory=deque)
    banned_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 900,
        ban_seconds: float = 3600,
        clock: Callable[[], float] = time.monotonic,
        max_tracked: int = 10_000,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.ban_seconds = ban_seconds
        self._clock = clock
        self._max_tracked = max_tracked
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def is_banned(self, address: str) -> bool:
        with self._lock:
            record = self._records.get(address)
            return record is not None and record.banned_until > self._clock()

    def record_failure(self, address: str) -> bool:
        """Count one failure; True when this failure got the address banned."""
        now = self._clock()
        with self._lock:
            if len(self._records) >= self._max_tracked and address not in self._records:
                self._evict(now)
            record = self._records.setdefault(address, _Record())
            while record.failures and record.failures[0] <= now - self.window_seconds:
                record.failures.popleft()
            record.failures.append(now)
            if len(record.failures) >= self.max_failures:
                record.failures.clear()
                record.banned_until = now + self.ban_seconds
                return True
            return False

    def record_success(self, address: str) -> None:
        with self._lock:
            record = self._records.get(address)
            if record is not None and record.banned_until <= self._clock():
                del self._records[address]

    def _evict(self, now: float) -> None:
        """Forget stale records so a flood of addresses cannot grow memory without bound."""
        stale = [
            addr
            for addr, rec in self._records.items()
            if rec.banned_until <= now
            and (not rec.failures or rec.failures[-1] <= now - self.window_seconds)
        ]
        for addr in stale:
            del self._records[addr]
        if len(self._records) >= self._max_tracked:
            oldest = min(self._records, key=lambda a: self._records[a].banned_until)
            del self._records[oldest]
