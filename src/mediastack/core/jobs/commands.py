"""Persisted commands: every piece of periodic or on-demand work is a row users can see.

A command is queued (by the scheduler, the API or the UI), started by the worker, and ends
completed or failed with a message. Handlers are plain functions run in a worker thread, so
a slow search or import never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from mediastack.core.db.base import utcnow
from mediastack.core.db.engine import Database
from mediastack.core.jobs.models import CommandRow, CommandStatus, CommandTrigger

log = logging.getLogger(__name__)

CommandHandler = Callable[[Mapping[str, Any]], str | None]
CommandListener = Callable[["CommandRecord"], None]


class UnknownCommandError(KeyError):
    """No handler is registered under that command name."""


@dataclass(frozen=True, slots=True)
class CommandRecord:
    id: int
    name: str
    body: dict[str, Any]
    status: CommandStatus
    priority: str
    trigger: CommandTrigger
    message: str | None
    queued_at: datetime
    started_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def from_row(cls, row: CommandRow) -> CommandRecord:
        return cls(
            id=row.id,
            name=row.name,
            body=dict(row.body),
            status=CommandStatus(row.status),
            priority=row.priority,
            trigger=CommandTrigger(row.trigger),
            message=row.message,
            queued_at=row.queued_at,
            started_at=row.started_at,
            ended_at=row.ended_at,
        )


class CommandQueue:
    """Queue and run commands.

    With several replicas on one PostgreSQL database, only the holder of the scheduler lease
    runs commands (``may_run``); the others only queue them. A replica that becomes the
    holder fails the commands its predecessor left started (``adopt_orphans``).
    """

    def __init__(
        self,
        database: Database,
        concurrency: int = 2,
        holder: str = "local",
        may_run: Callable[[], bool] | None = None,
    ) -> None:
        self._db = database
        self.holder = holder
        self._may_run = may_run or (lambda: True)
        self._handlers: dict[str, tuple[str, CommandHandler]] = {}
        self._wake = asyncio.Event()
        self._concurrency = concurrency
        self._workers: list[asyncio.Task[None]] = []
        self._claim_lock = asyncio.Lock()
        self._listeners: list[CommandListener] = []

    # Registry ---------------------------------------------------------------------------

    def register(self, name: str, handler: CommandHandler) -> None:
        """Register a handler; names are matched case-insensitively, as clients mix them."""
        self._handlers[name.lower()] = (name, handler)

    def canonical_name(self, name: str) -> str:
        try:
            return self._handlers[name.lower()][0]
        except KeyError:
            raise UnknownCommandError(name) from None

    @property
    def names(self) -> list[str]:
        return sorted(canonical for canonical, _ in self._handlers.values())

    def add_listener(self, listener: CommandListener) -> None:
        """Told of every status change (queued, started, ended); called in the changing thread."""
        self._listeners.append(listener)

    def _notify(self, record: CommandRecord | None) -> None:
        if record is None:
            return
        for listener in self._listeners:
            try:
                listener(record)
            except Exception:
                log.exception("command listener failed")

    # Queueing ---------------------------------------------------------------------------

    def enqueue(
        self,
        name: str,
        body: Mapping[str, Any] | None = None,
        trigger: CommandTrigger = CommandTrigger.MANUAL,
        priority: str = "normal",
    ) -> CommandRecord:
        """Queue a command; an identical one already waiting is returned instead of a copy."""
        canonical = self.canonical_name(name)
        payload = dict(body or {})
        with self._db.session() as session:
            waiting = session.execute(
                select(CommandRow).where(
                    CommandRow.name == canonical, CommandRow.status == CommandStatus.QUEUED
                )
            ).scalars()
            for row in waiting:
                if row.body == payload:
                    return CommandRecord.from_row(row)
            row = CommandRow(
                name=canonical,
                body=payload,
                status=CommandStatus.QUEUED,
                priority=priority,
                trigger=trigger,
                queued_at=utcnow(),
            )
            session.add(row)
            session.flush()
            record = CommandRecord.from_row(row)
        self._wake.set()
        self._notify(record)
        return record

    def get(self, command_id: int) -> CommandRecord | None:
        with self._db.session() as session:
            row = session.get(CommandRow, command_id)
            return CommandRecord.from_row(row) if row else None

    def list(self, limit: int = 100) -> list[CommandRecord]:
        with self._db.session() as session:
            rows = session.execute(
                select(CommandRow).order_by(CommandRow.id.desc()).limit(limit)
            ).scalars()
            return [CommandRecord.from_row(r) for r in rows]

    def active(self, name: str) -> bool:
        """Whether a command of this name is queued or running."""
        with self._db.session() as session:
            count = session.execute(
                select(func.count())
                .select_from(CommandRow)
                .where(
                    CommandRow.name == self.canonical_name(name),
                    CommandRow.status.in_([CommandStatus.QUEUED, CommandStatus.STARTED]),
                )
            ).scalar_one()
            return count > 0

    # Execution --------------------------------------------------------------------------

    def _claim(self) -> CommandRow | None:
        if not self._may_run():
            return None
        with self._db.session() as session:
            for row in session.execute(
                select(CommandRow)
                .where(CommandRow.status == CommandStatus.QUEUED)
                .order_by(CommandRow.id)
                .limit(20)
            ).scalars():
                if row.name.lower() not in self._handlers:
                    continue  # another service version's command; leave it
                claimed = session.execute(
                    update(CommandRow)
                    .where(CommandRow.id == row.id, CommandRow.status == CommandStatus.QUEUED)
                    .values(status=CommandStatus.STARTED, started_at=utcnow(), holder=self.holder)
                )
                if getattr(claimed, "rowcount", 0) == 1:
                    session.refresh(row)
                    return row
        return None

    def _finish(self, command_id: int, status: CommandStatus, message: str | None) -> None:
        with self._db.session() as session:
            session.execute(
                update(CommandRow)
                .where(CommandRow.id == command_id)
                .values(status=status, message=message, ended_at=utcnow())
            )

    def run_one(self) -> CommandRecord | None:
        """Claim and run the oldest queued command in this thread; None when none waits."""
        row = self._claim()
        if row is None:
            return None
        _, handler = self._handlers[row.name.lower()]
        if self._listeners:
            self._notify(CommandRecord.from_row(row))
        try:
            message = handler(row.body)
        except Exception as exc:
            log.exception("command %s (%d) failed", row.name, row.id)
            self._finish(row.id, CommandStatus.FAILED, f"{type(exc).__name__}: {exc}")
        else:
            self._finish(row.id, CommandStatus.COMPLETED, message or "Completed")
        ended = self.get(row.id)
        self._notify(ended)
        return ended

    def recover(self) -> int:
        """Commands left 'started' by a crash are failed, not silently lost or rerun.

        For a single process (SQLite) at start: every started command is an orphan.
        """
        return self._fail_started(None)

    def adopt_orphans(self) -> int:
        """On becoming the lease holder: fail what other holders left started."""
        return self._fail_started(self.holder)

    def _fail_started(self, except_holder: str | None) -> int:
        condition = CommandRow.status == CommandStatus.STARTED
        if except_holder is not None:
            condition = condition & (
                CommandRow.holder.is_(None) | (CommandRow.holder != except_holder)
            )
        with self._db.session() as session:
            result = session.execute(
                update(CommandRow)
                .where(condition)
                .values(
                    status=CommandStatus.FAILED,
                    message="Interrupted by a restart",
                    ended_at=utcnow(),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def _worker(self, poll_seconds: float) -> None:
        while True:
            async with self._claim_lock:
                ran = await asyncio.to_thread(self.run_one)
            if ran is None:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=poll_seconds)

    async def start(self, poll_seconds: float = 2.0, recover: bool = True) -> None:
        if recover:
            await asyncio.to_thread(self.recover)
        self._workers = [
            asyncio.create_task(self._worker(poll_seconds), name=f"command-worker-{i}")
            for i in range(self._concurrency)
        ]

    async def stop(self) -> None:
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._workers = []
