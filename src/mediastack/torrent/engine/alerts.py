"""The alert pump: one thread that drains libtorrent's alert queue and runs periodic ticks.

libtorrent reports everything that happens (resume data ready, torrent finished, metadata
received, file errors, status changes) as alerts. The pump blocks in
``session.wait_for_alert`` (so it costs nothing while idle), pops every pending alert and
dispatches each by its exact type to one registered handler. Status is refreshed the same
way: a tick calls ``post_torrent_updates()`` and the answer arrives as a
``state_update_alert`` carrying only the torrents that changed, so nothing ever polls N
``status()`` calls.

Handlers and ticks run on the pump thread, one at a time; they must be short (a database
write, a dictionary update). ``around_batch`` wraps the handling of each popped batch, so
the engine commits the resume data of a whole batch at once. An exception in a handler is
logged and the pump carries on: one bad alert must not stop persistence for every other
torrent.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

AlertHandler = Callable[[Any], None]

_WAIT_MS = 250
"""Upper bound on how late a tick or a stop request is noticed."""


@dataclass(slots=True)
class PeriodicTask:
    """A callable run on the pump thread every ``interval`` seconds."""

    name: str
    interval: float
    run: Callable[[], None]
    next_due: float = field(default=0.0)


class AlertPump:
    """Owns the thread that reads alerts from one libtorrent session."""

    def __init__(
        self,
        session: Any,
        handlers: Mapping[type, AlertHandler],
        tasks: list[PeriodicTask],
        *,
        name: str = "torrent-alerts",
        around_batch: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext,
    ) -> None:
        self._session = session
        self._around_batch = around_batch
        self._handlers = dict(handlers)
        self._tasks = tasks
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        now = time.monotonic()
        for task in self._tasks:
            task.next_due = now + task.interval
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to finish and wait for it (bounded); True once it has ended.

        The thread finishes the batch it is dispatching first (resume data being written at
        shutdown is in it), so ``timeout`` must cover the slowest batch. While it runs,
        nobody else may pop alerts: a second ``pop_alerts`` frees the alerts the pump is
        still reading.
        """
        self._stop.set()
        if threading.current_thread() is self._thread:
            return False
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def is_pump_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.drain(_WAIT_MS)
                self._run_due_tasks()
            except Exception:  # pragma: no cover - defensive: never let the pump die
                log.exception("alert pump iteration failed")
                time.sleep(0.1)

    def drain(self, wait_ms: int = 0) -> int:
        """Wait up to ``wait_ms`` for alerts, then dispatch all pending ones; returns count.

        Only the pump thread calls this while it runs; anyone else only after
        :meth:`stop` returned True.
        """
        if wait_ms > 0 and self._session.wait_for_alert(wait_ms) is None:
            return 0
        alerts = self._session.pop_alerts()
        with self._around_batch():
            for alert in alerts:
                handler = self._handlers.get(type(alert))
                if handler is None:
                    continue
                try:
                    handler(alert)
                except Exception:
                    log.exception("handler for %s failed", type(alert).__name__)
        return len(alerts)

    def _run_due_tasks(self) -> None:
        now = time.monotonic()
        for task in self._tasks:
            if now < task.next_due:
                continue
            task.next_due = now + task.interval
            try:
                task.run()
            except Exception:
                log.exception("periodic task %s failed", task.name)
