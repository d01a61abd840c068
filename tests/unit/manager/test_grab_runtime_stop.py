"""The grab runtime's loop stops with the service without stranding a waiting thread.

A command thread waiting in ``run`` for work on the grab loop (a download-client refresh,
say) must get an answer when the service stops, or the process cannot exit: the thread
pool it runs in is joined at interpreter exit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
from mediastack.manager.domain import MIGRATIONS
from mediastack.manager.download_clients.store import DownloadClientStore
from mediastack.manager.grab.runtime import GrabRuntime
from mediastack.manager.grab.settings import GrabSettings


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[GrabRuntime]:
    db = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "g.db"))
    upgrade(db, [MIGRATIONS], lock_name="t")
    yield GrabRuntime(DownloadClientStore(db, "tvCategory"), GrabSettings())
    db.dispose()


def test_a_thread_waiting_in_run_is_answered_when_the_runtime_stops(
    runtime: GrabRuntime,
) -> None:
    started = threading.Event()
    outcome: list[BaseException | str] = []

    async def slow() -> str:
        started.set()
        await asyncio.sleep(3600)  # a client that never answers
        return "finished"

    def command() -> None:
        try:
            outcome.append(runtime.run(slow()))
        except BaseException as exc:  # what the command queue would record as a failure
            outcome.append(exc)

    waiter = threading.Thread(target=command, daemon=True)  # a regression must not hang exit
    waiter.start()
    assert started.wait(5)
    asyncio.run(runtime.stop())
    waiter.join(5)
    assert not waiter.is_alive(), "the command thread still waits on a stopped loop"
    assert len(outcome) == 1 and isinstance(outcome[0], concurrent.futures.CancelledError)

    # the runtime can be used again (a scheduled command may run before the next start)
    async def quick() -> str:
        return "again"

    assert runtime.run(quick()) == "again"
    asyncio.run(runtime.stop())
