"""The server pool: one thread per NNTP connection, every article to the best server.

Each configured connection is a thread running a blocking :class:`NntpConnection`: it
pulls articles from the attached jobs (*sources*) or from its server's queue of articles
routed to it, keeps ``pipelining`` of them in flight, and its decoder writes every article
straight into the job's file. Receiving, decoding and writing all release the GIL, so the
connections share out the machine's cores by themselves, and the event loop is not on the
data path: it only hears about finished articles, in batches (one wake-up per batch, not
per article), and does the bookkeeping.

Routing: each article goes to the best server that has not already failed it: the lowest
``priority`` number first, backups only after every better server answered 430 (missing),
returned a damaged copy, or became unreachable. When no server is left the article is
*delivered as missing*, so it is recorded once and never retried forever. Requests lost
with a dropped connection are re-queued on the same server a bounded number of times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import sabctools

from mediastack.usenet.engine.decoder import DecodedPart, NntpReply
from mediastack.usenet.engine.nntp import (
    BodyCommand,
    NntpAuthError,
    NntpConnectError,
    NntpConnection,
    NntpError,
)
from mediastack.usenet.engine.servers import ServerConfig

__all__ = ["ArticleOutcome", "ArticleRequest", "OutcomeKind", "ServerPool"]

log = logging.getLogger(__name__)

_MAX_DROPS_PER_ARTICLE = 3
_MAX_CONNECT_FAILURES = 5
_IDLE_DISCONNECT_S = 30.0
_SERVER_COOLDOWN_S = 120.0
_JOIN_TIMEOUT_S = 5.0


class _RefusedBody(NntpAuthError):
    """The server wants (other) credentials before it serves ``request``."""

    def __init__(self, request: ArticleRequest, message: str) -> None:
        super().__init__(message)
        self.request = request


class OutcomeKind(StrEnum):
    """How an article ended: decoded, missing everywhere, damaged everywhere, unreachable,
    or decoded but not written (the disk refused it)."""

    OK = "ok"
    MISSING = "missing"
    DAMAGED = "damaged"
    UNAVAILABLE = "unavailable"
    WRITE_FAILED = "write_failed"


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    request: ArticleRequest
    kind: OutcomeKind
    part: DecodedPart | None
    server: str | None
    message: str = ""


@dataclass(eq=False, slots=True)
class ArticleRequest:
    """One article to fetch and where its outcome goes.

    ``sink`` is the file the article is decoded into (without one the bytes come back in
    the outcome). ``deliver`` is called exactly once, on the event loop, and must not block.
    ``cancelled`` is asked from connection threads: it must only read flags.
    """

    message_id: str
    deliver: Callable[[ArticleOutcome], None]
    context: object = None
    posted: int = 0
    sink: sabctools.FileWriter | None = None
    cancelled: Callable[[], bool] = field(default=lambda: False)
    tried: set[str] = field(default_factory=set)
    missing_on: set[str] = field(default_factory=set)
    damaged_on: set[str] = field(default_factory=set)
    drops: int = 0


@dataclass(eq=False, slots=True)
class _Server:
    config: ServerConfig
    ready: threading.Condition
    queue: deque[ArticleRequest] = field(default_factory=deque)
    threads: list[threading.Thread] = field(default_factory=list)
    failures: int = 0
    error: str | None = None
    blocked_until: float = 0.0
    busy: int = 0

    @property
    def blocked(self) -> bool:
        return self.error is not None and time.monotonic() < self.blocked_until


class ServerPool:
    """N connection threads per server; every article goes to the best server that may have it.

    Thread-safety: routing state lives under one lock; outcomes are handed to the event loop
    that started the pool and delivered there.
    """

    def __init__(
        self,
        servers: Sequence[ServerConfig],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._lock = threading.RLock()
        self._servers = [
            _Server(cfg, threading.Condition(self._lock)) for cfg in servers if cfg.enable
        ]
        self._clock = clock
        self._started = False
        self._stopping = False
        self._stopped = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: list[ArticleOutcome] = []
        self._sources: list[Callable[[], ArticleRequest | None]] = []
        self._connections: set[NntpConnection] = set()
        self.bytes_received = 0
        self.bytes_by_server: dict[str, int] = {}
        """Decoded bytes per server name, for SABnzbd's ``server_stats``."""

    @property
    def slots(self) -> int:
        """Commands the pool can keep in flight at once (connections x pipelining)."""
        return sum(s.config.connections * s.config.pipelining for s in self._servers)

    @property
    def server_errors(self) -> dict[str, str]:
        """Servers out of rotation right now, with the reason (auth failure, unreachable)."""
        return {s.config.name: s.error for s in self._servers if s.error and s.blocked}

    @property
    def active_connections(self) -> dict[str, int]:
        """Open connections per server name (SABnzbd's ``serveractiveconn``)."""
        with self._lock:
            counts = dict.fromkeys((s.config.name for s in self._servers), 0)
            for conn in self._connections:
                counts[conn.config.name] = counts.get(conn.config.name, 0) + 1
            return counts

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        if self._started:
            return
        self._loop = asyncio.get_running_loop()
        self._started = True
        self._stopping = False
        self._stopped.clear()
        for server in self._servers:
            for n in range(server.config.connections):
                thread = threading.Thread(
                    target=self._worker,
                    args=(server,),
                    name=f"nntp-{server.config.name}-{n}",
                    daemon=True,
                )
                server.threads.append(thread)
                thread.start()

    async def close(self) -> None:
        """Stop every connection thread; requests still queued or in flight are dropped."""
        with self._lock:
            self._stopping = True
            self._stopped.set()
            for server in self._servers:
                server.queue.clear()
                server.ready.notify_all()
            connections = list(self._connections)
        for conn in connections:
            conn.interrupt()
        threads = [t for s in self._servers for t in s.threads]
        await asyncio.to_thread(_join, threads)
        for server in self._servers:
            server.threads.clear()
        self._started = False
        self._flush()

    async def __aenter__(self) -> ServerPool:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- sources and routing (any thread) -------------------------------------------------

    def attach(self, source: Callable[[], ArticleRequest | None]) -> None:
        """Let connection threads pull new articles from ``source`` (thread-safe; returns
        None while it has nothing to hand out). Earlier sources are served first."""
        if not self._started:
            self.start()
        with self._lock:
            self._sources.append(source)
        self.wake()

    def detach(self, source: Callable[[], ArticleRequest | None]) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._sources.remove(source)

    def wake(self) -> None:
        """A source may have articles again (resumed, window freed): wake idle threads."""
        with self._lock:
            for server in self._servers:
                server.ready.notify_all()

    def call_on_loop(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the event loop the pool belongs to (from any thread)."""
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody to tell
                self._loop.call_soon_threadsafe(action)

    def submit(self, request: ArticleRequest) -> None:
        """Route a new article (or one a server failed) to the next server to ask."""
        if not self._started:
            self.start()
        self._route(request)

    def _eligible(self, server: _Server, request: ArticleRequest) -> bool:
        cfg = server.config
        if server.blocked or cfg.name in request.tried:
            return False
        if cfg.retention and request.posted:
            age_days = (self._clock() - request.posted) / 86400
            if age_days > cfg.retention:
                return False
        return True

    def _route(self, request: ArticleRequest) -> None:
        with self._lock:
            if self._stopping or request.cancelled():
                return
            candidates = [s for s in self._servers if self._eligible(s, request)]
            if candidates:
                best = min(s.config.priority for s in candidates)
                target = min(
                    (s for s in candidates if s.config.priority == best),
                    key=lambda s: len(s.queue) + s.busy,
                )
                target.queue.append(request)
                target.ready.notify()
                return
        self._post([self._finish(request)])

    def _finish(self, request: ArticleRequest) -> ArticleOutcome:
        """No server is left to ask: say why, once."""
        if request.damaged_on:
            kind, why = OutcomeKind.DAMAGED, "damaged on " + ", ".join(sorted(request.damaged_on))
        elif request.missing_on:
            kind, why = OutcomeKind.MISSING, "missing on " + ", ".join(sorted(request.missing_on))
        else:
            errors = "; ".join(f"{k}: {v}" for k, v in self.server_errors.items())
            kind, why = OutcomeKind.UNAVAILABLE, errors or "no server enabled for this article"
        return ArticleOutcome(request, kind, None, None, why)

    def _fail_on(self, server: _Server, request: ArticleRequest) -> None:
        request.tried.add(server.config.name)
        self._route(request)

    def _take_out_of_rotation(
        self, server: _Server, reason: str, also: Sequence[ArticleRequest] = ()
    ) -> None:
        """Stop using a server for a while (SABnzbd blocks a failing server the same way).

        Its queued articles move on to the next server; when none is left they come back
        ``UNAVAILABLE``, which the job treats as a failure of the run, not of the article.
        ``also``: requests the server failed that were not queued (they carry the reason).
        """
        log.warning("server %s out of rotation: %s", server.config.name, reason)
        with self._lock:
            server.error = reason
            server.blocked_until = time.monotonic() + _SERVER_COOLDOWN_S
            queued = [*also, *server.queue]
            server.queue.clear()
        for request in queued:
            self._fail_on(server, request)

    # -- delivery to the event loop -------------------------------------------------------

    def _post(self, outcomes: list[ArticleOutcome]) -> None:
        """Hand outcomes to the event loop: one wake-up for however many pile up meanwhile."""
        with self._lock:
            first = not self._outbox
            self._outbox.extend(outcomes)
        if first:
            self.call_on_loop(self._flush)

    def _flush(self) -> None:
        with self._lock:
            batch, self._outbox = self._outbox, []
        for outcome in batch:
            part, server = outcome.part, outcome.server
            if outcome.kind is OutcomeKind.OK and part is not None and server is not None:
                self.bytes_received += part.size
                self.bytes_by_server[server] = self.bytes_by_server.get(server, 0) + part.size
            try:
                outcome.request.deliver(outcome)
            except Exception:
                log.exception("delivering %s failed", outcome.request.message_id)

    # -- connection threads ---------------------------------------------------------------

    def _take(self, server: _Server, wait: float | None) -> ArticleRequest | None:
        """The next live request for this server: one routed to it, else a new article from
        a source. Waits up to ``wait`` seconds for one (None: no wait)."""
        deadline = time.monotonic() + (wait or 0.0)
        while not self._stopping:
            with self._lock:
                while server.queue:
                    request = server.queue.popleft()
                    if not request.cancelled():
                        return request
                sources = list(self._sources) if self._serves_new(server) else []
            for source in sources:
                while (new := source()) is not None:
                    if self._eligible(server, new):
                        return new
                    self._route(new)  # e.g. older than this server's retention
            with self._lock:
                left = deadline - time.monotonic()
                if wait is None or left <= 0 or self._stopping:
                    return None
                if not server.queue:
                    server.ready.wait(left)
        return None

    def _serves_new(self, server: _Server) -> bool:
        """New articles go to the best servers first; backups only get what they lack."""
        live = [s.config.priority for s in self._servers if not s.blocked]
        return bool(live) and not server.blocked and server.config.priority == min(live)

    def _worker(self, server: _Server) -> None:
        conn: NntpConnection | None = None
        try:
            while not self._stopping:
                first = self._take(server, _IDLE_DISCONNECT_S)
                if first is None:
                    if conn is not None:
                        self._forget(conn)
                        conn.close()
                        conn = None
                    continue
                if server.blocked:
                    self._fail_on(server, first)
                    continue
                if conn is None:
                    conn = self._open(server, first)
                    if conn is None:
                        continue
                with self._lock:
                    server.busy += 1
                try:
                    self._session(server, conn, first)
                except (OSError, NntpError, ssl.SSLError) as exc:
                    self._forget(conn)
                    self._recover(server, conn.abort(), exc)
                    conn = None
                except Exception as exc:  # a bug must not silently strand queued articles
                    log.exception("connection to %s failed", server.config.name)
                    self._forget(conn)
                    self._recover(server, conn.abort(), exc)
                    conn = None
                finally:
                    with self._lock:
                        server.busy -= 1
        finally:
            if conn is not None:
                self._forget(conn)
                conn.abort()

    def _forget(self, conn: NntpConnection) -> None:
        with self._lock:
            self._connections.discard(conn)

    def _open(self, server: _Server, first: ArticleRequest) -> NntpConnection | None:
        conn = NntpConnection(server.config)
        try:
            conn.connect()
        except NntpAuthError as exc:
            self._take_out_of_rotation(server, str(exc), [first])
            return None
        except NntpConnectError as exc:
            with self._lock:
                server.failures += 1
                failures = server.failures
            if failures >= _MAX_CONNECT_FAILURES:
                self._take_out_of_rotation(server, str(exc), [first])
            else:
                with self._lock:
                    server.queue.appendleft(first)
                self._stopped.wait(min(0.2 * 2**failures, 5.0))
            return None
        with self._lock:
            server.failures = 0
            server.error = None
            if self._stopping:
                conn.abort()
                return None
            self._connections.add(conn)
        return conn

    def _session(self, server: _Server, conn: NntpConnection, first: ArticleRequest) -> None:
        """Keep the pipeline full until the server's queue runs dry."""
        depth = server.config.pipelining
        batch: list[BodyCommand] = [(first.message_id, first, first.sink)]
        while not self._stopping:
            while conn.in_flight + len(batch) < depth:
                request = self._take(server, None)
                if request is None:
                    break
                batch.append((request.message_id, request, request.sink))
            if batch:
                conn.send_bodies(batch)
                batch = []
            if not conn.in_flight:
                return
            outcomes: list[ArticleOutcome] = []
            for reply in conn.receive():
                self._handle(server, reply, outcomes)
            if outcomes:
                self._post(outcomes)

    def _handle(self, server: _Server, reply: NntpReply, outcomes: list[ArticleOutcome]) -> None:
        request = reply.context
        if not isinstance(request, ArticleRequest):
            raise NntpError(f"unexpected reply {reply.status} {reply.message}")
        if request.cancelled():
            return
        name = server.config.name
        part = reply.part
        if part is not None and part.crc_ok:
            outcomes.append(ArticleOutcome(request, OutcomeKind.OK, part, name))
        elif part is not None and part.write_error is not None:
            message = str(part.write_error)
            outcomes.append(ArticleOutcome(request, OutcomeKind.WRITE_FAILED, part, name, message))
        elif reply.is_missing:
            request.missing_on.add(name)
            self._fail_on(server, request)
        elif reply.status in (480, 481, 482, 502):
            # The connection's recovery takes the server out of rotation, then fails this.
            raise _RefusedBody(request, f"server refused BODY: {reply.status} {reply.message}")
        else:
            # Bad CRC, garbled yEnc, or an unexpected code: another server may do better.
            request.damaged_on.add(name)
            self._fail_on(server, request)

    def _recover(self, server: _Server, lost: list[object], exc: BaseException) -> None:
        """A connection died mid-pipeline: retry its requests, a bounded number of times."""
        if self._stopping:
            return
        requests = [r for r in lost if isinstance(r, ArticleRequest)]
        if isinstance(exc, _RefusedBody):
            requests.insert(0, exc.request)
        if isinstance(exc, NntpAuthError):
            self._take_out_of_rotation(server, str(exc), requests)
            return
        log.info("connection to %s lost (%s); retrying %d", server.config.name, exc, len(lost))
        for request in requests:
            request.drops += 1
            if request.drops > _MAX_DROPS_PER_ARTICLE:
                request.damaged_on.add(server.config.name)
                self._fail_on(server, request)
            else:
                with self._lock:
                    server.queue.append(request)
                    server.ready.notify()


def _join(threads: list[threading.Thread]) -> None:
    """Wait for the threads, but not for one stuck in a connect to an unreachable host
    (bounded by the server's timeout): it is a daemon and ends on its own."""
    deadline = time.monotonic() + _JOIN_TIMEOUT_S
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
