"""Scheduled tasks: rows with an interval that enqueue commands when due.

The scheduler never runs work itself; it only queues commands, so scheduled and manual runs
share one path, one history and one place to look when something failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mediastack.core.db.base import utcnow
from mediastack.core.db.engine import Database
from mediastack.core.jobs.commands import CommandQueue
from mediastack.core.jobs.lease import Lease
from mediastack.core.jobs.models import CommandTrigger, ScheduledTaskRow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    command: str
    interval: timedelta
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TaskState:
    name: str
    interval: timedelta
    last_execution: datetime | None
    next_execution: datetime


class Scheduler:
    def __init__(
        self,
        database: Database,
        commands: CommandQueue,
        lease: Lease,
        interval_overrides: Mapping[str, timedelta] | None = None,
    ) -> None:
        self._db = database
        self._overrides = {k.lower(): v for k, v in (interval_overrides or {}).items()}
        self._commands = commands
        self._lease = lease
        self._tasks: dict[str, ScheduledTask] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self._was_holder = False

    def add(self, command: str, interval: timedelta, body: Mapping[str, Any] | None = None) -> None:
        interval = self._overrides.get(command.lower(), interval)
        self._tasks[command] = ScheduledTask(command, interval, dict(body or {}))

    def _ensure_rows(self) -> None:
        with self._db.session() as session:
            for name, task in self._tasks.items():
                row = session.get(ScheduledTaskRow, name)
                seconds = int(task.interval.total_seconds())
                if row is None:
                    # First start: due after one interval, not in a burst at boot.
                    session.add(
                        ScheduledTaskRow(
                            name=name, interval_seconds=seconds, last_execution=utcnow()
                        )
                    )
                elif row.interval_seconds != seconds:
                    row.interval_seconds = seconds

    def tick(self, now: datetime | None = None) -> list[str]:
        """Queue every due task (if this replica holds the lease); returns what was queued."""
        if not self._lease.try_acquire():
            self._was_holder = False
            return []
        if not self._was_holder:
            adopted = self._commands.adopt_orphans()
            if adopted:
                log.warning("failed %d commands left running by a previous holder", adopted)
            self._was_holder = True
        now = now or utcnow()
        self._ensure_rows()
        queued: list[str] = []
        with self._db.session() as session:
            for name, task in self._tasks.items():
                row = session.get(ScheduledTaskRow, name)
                if row is None:
                    continue
                due = row.last_execution is None or row.last_execution + task.interval <= now
                if not due or self._commands.active(task.command):
                    continue
                self._commands.enqueue(task.command, task.body, trigger=CommandTrigger.SCHEDULED)
                row.last_execution = now
                queued.append(name)
        return queued

    def states(self) -> list[TaskState]:
        self._ensure_rows()
        with self._db.session() as session:
            result = []
            for name, task in sorted(self._tasks.items()):
                row = session.get(ScheduledTaskRow, name)
                last = row.last_execution if row else None
                result.append(
                    TaskState(name, task.interval, last, (last or utcnow()) + task.interval)
                )
            return result

    async def _run(self, tick_seconds: float) -> None:
        while True:
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log.exception("scheduler tick failed")
            await asyncio.sleep(tick_seconds)

    async def start(self, tick_seconds: float = 5.0) -> None:
        await asyncio.to_thread(self.tick)  # take the lease (or not) before commands run
        self._loop_task = asyncio.create_task(self._run(tick_seconds), name="scheduler")

    async def stop(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self._lease.release)
