"""One event loop for all of the grab path's network I/O, and the objects bound to it.

Command handlers run in worker threads and API handlers on the server's loop, but the
download-client providers (qBittorrent's session cookie, connection pools), the indexer
clients (cached caps, the back-off gate) and the tracker's lock must live on one loop. So
they live on a private loop in a daemon thread: ``run`` is for worker threads, ``call``
for coroutines on another loop. The loop starts on first use (a scheduled command may run
before components start) and stops with the service; work still running then is
cancelled, so a thread waiting in ``run`` gets an answer instead of waiting forever (and
holding up the process's exit).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import httpx

from mediastack.manager.download_clients.base import DownloadClientProvider
from mediastack.manager.download_clients.factory import create_provider
from mediastack.manager.download_clients.remote_path_mapping import RemotePathMapper
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore
from mediastack.manager.download_clients.tracking import DownloadTracker
from mediastack.manager.grab.settings import GrabSettings
from mediastack.manager.indexers.definitions import create_client, settings_from_fields
from mediastack.manager.indexers.newznab.client import NewznabClient
from mediastack.manager.indexers.status import IndexerGate
from mediastack.manager.indexers.store import Indexer

log = logging.getLogger(__name__)

T = TypeVar("T")


async def _cancel_others() -> None:
    """Cancel every task on this loop but the caller, and let them finish."""
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


def _fingerprint(*parts: Any) -> str:
    return json.dumps(parts, sort_keys=True, default=str)


class GrabRuntime:
    """The loop thread plus the long-lived clients (a ``Component``)."""

    def __init__(
        self,
        clients: DownloadClientStore,
        settings: GrabSettings,
        prefix: str = "manager",
        mapper: RemotePathMapper | None = None,
    ) -> None:
        self.mapper = mapper  # remote path mappings the clients translate paths with
        self.name = f"{prefix}-grab-runtime"
        self._thread_name = f"{prefix}-grab-loop"
        self.clients = clients
        self.settings = settings
        self.gate = IndexerGate()
        self.tracker = DownloadTracker(self.providers)
        self._lock = threading.Lock()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._http: httpx.AsyncClient | None = None
        self._providers: dict[int, tuple[str, DownloadClientProvider]] = {}
        self._indexers: dict[int, tuple[str, NewznabClient]] = {}

    # ---- the loop ---------------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            return self._loop_locked()

    def _loop_locked(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name=self._thread_name, daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
        return self._loop

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        # under the lock: work is either queued before stop() cancels what is pending,
        # or refused, never left on a loop that no longer runs
        with self._lock:
            if self._stopping:
                coro.close()
                raise RuntimeError(f"{self.name} is stopping")
            return asyncio.run_coroutine_threadsafe(coro, self._loop_locked())

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the grab loop and wait (from a thread that is not a loop)."""
        return self._submit(coro).result()

    async def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the grab loop and await it from another loop."""
        return await asyncio.wrap_future(self._submit(coro))

    async def start(self) -> None:
        self._ensure_loop()

    async def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with self._lock:
            self._stopping = True
        try:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_cancel_others(), loop))
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._close_all(), loop))
        except Exception:
            log.exception("closing the grab clients failed")
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 10)
        with self._lock:
            self._loop = self._thread = None
            self._stopping = False

    async def _close_all(self) -> None:
        for _, provider in self._providers.values():
            await provider.aclose()
        self._providers.clear()
        self._indexers.clear()
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    # ---- clients (call these on the grab loop) ----------------------------------------

    @property
    def http(self) -> httpx.AsyncClient:
        """The shared client for indexers and release files (created on the grab loop)."""
        if self._http is None:
            self._http = httpx.AsyncClient(
                timeout=self.settings.download_timeout_seconds, follow_redirects=False
            )
        return self._http

    def provider_for(self, client: DownloadClient) -> DownloadClientProvider:
        key = _fingerprint(client.name, client.definition.implementation, client.settings)
        cached = self._providers.get(client.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        provider = create_provider(client, self.clients.category_field, mapper=self.mapper)
        if cached is not None:
            old = cached[1]
            asyncio.get_running_loop().create_task(old.aclose())
        self._providers[client.id] = (key, provider)
        return provider

    def providers(self) -> list[DownloadClientProvider]:
        """Providers of every enabled client (the tracker polls these)."""
        return [self.provider_for(c) for c in self.clients.list() if c.enable]

    def indexer_client(self, indexer: Indexer) -> NewznabClient:
        key = _fingerprint(indexer.name, indexer.definition.implementation, indexer.settings)
        cached = self._indexers.get(indexer.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        client = create_client(
            indexer.definition,
            settings_from_fields(indexer.definition, indexer.settings),
            name=indexer.name,
            http=self.http,
            gate=self.gate,
            indexer_id=indexer.id,
            min_interval=self.settings.indexer_min_interval_seconds,
        )
        self._indexers[indexer.id] = (key, client)
        return client


async def on_loop(runtime: GrabRuntime, fn: Callable[[], T]) -> T:
    """Run a plain function on the grab loop (reads of the tracker must not race it)."""

    async def wrapper() -> T:
        return fn()

    return await runtime.call(wrapper())
