"""Fire-and-forget work after a response (cover downloads after an add).

The event loop only keeps weak references to tasks, so a task nobody holds can be
garbage-collected mid-flight; this keeps a strong reference until it finishes and logs
failures instead of letting them vanish.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, label: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` on the running loop; an exception is logged with ``label``."""

        async def run() -> None:
            try:
                await work()
            except Exception:  # best effort by design: the caller already answered
                log.exception("%s failed", label)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
