"""A lease in the database so that only one replica runs scheduled work.

Replicas share one PostgreSQL database; whoever holds an unexpired lease runs the scheduler,
and renews it well before it expires. A replica that dies simply stops renewing, and another
takes over after at most one lease period. On SQLite there is one process, and the lease
is always won, by the same code path.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mediastack.core.db.base import utcnow
from mediastack.core.db.engine import Database
from mediastack.core.jobs.models import LeaseRow


class Lease:
    def __init__(self, database: Database, name: str, holder: str, ttl_seconds: float) -> None:
        self._db = database
        self.name = name
        self.holder = holder
        self.ttl = timedelta(seconds=ttl_seconds)
        self._held_until = 0.0

    def is_held(self) -> bool:
        """Whether our last renewal is recent enough to act as the holder (with a margin)."""
        return time.monotonic() < self._held_until

    def try_acquire(self) -> bool:
        """Take or renew the lease; False when another holder's lease is still valid."""
        started = time.monotonic()
        won = self._try_acquire()
        self._held_until = started + self.ttl.total_seconds() * 0.8 if won else 0.0
        return won

    def _try_acquire(self) -> bool:
        now = utcnow()
        try:
            with self._db.session() as session:
                row = session.execute(
                    select(LeaseRow).where(LeaseRow.name == self.name).with_for_update()
                ).scalar_one_or_none()
                if row is None:
                    session.add(
                        LeaseRow(name=self.name, holder=self.holder, expires_at=now + self.ttl)
                    )
                    return True
                if row.holder != self.holder and row.expires_at > now:
                    return False
                row.holder = self.holder
                row.expires_at = now + self.ttl
                return True
        except IntegrityError:  # another replica inserted the row first
            return False

    def release(self) -> None:
        self._held_until = 0.0
        with self._db.session() as session:
            row = session.get(LeaseRow, self.name)
            if row is not None and row.holder == self.holder:
                session.delete(row)
