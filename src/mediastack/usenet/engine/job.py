"""One job's download stage: NZB segments in, bytes at their offsets on disk out.

The job is a *source* the pool's connection threads pull articles from (see :mod:`pool`):
a thread takes the next article when its pipeline has room, and its decoder writes the
article straight into the file. The event loop is not on that path at all; it hears of
each article's outcome afterwards, in batches, and does the bookkeeping. No decoded data
is held here, so memory is flat whatever the release size or connection count. A
committer makes progress durable in batches (:mod:`state`). Pause stops handing out
articles and lets what is in flight finish; cancel drops everything still queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mediastack.core.fs import PathEscapeError
from mediastack.usenet.engine.assembler import Assembler, AssemblyError
from mediastack.usenet.engine.nzb import Nzb, NzbFile, Segment
from mediastack.usenet.engine.pool import ArticleOutcome, ArticleRequest, OutcomeKind, ServerPool
from mediastack.usenet.engine.state import JobProgress

__all__ = ["ADMIN_DIR", "DownloadJob", "DownloadResult", "DownloadStats"]

ADMIN_DIR = ".mediastack"
"""Folder inside the job folder for engine bookkeeping; never moved to the complete folder."""

_SPEED_WINDOW_S = 3.0
_MIN_SPEED_SPAN_S = 0.25  # below this, one burst of articles would read as a huge speed


@dataclass(slots=True)
class DownloadStats:
    """Live counters for the queue API. Bytes are NZB (encoded) bytes, as SABnzbd reports."""

    bytes_total: int = 0
    bytes_done: int = 0
    articles_total: int = 0
    articles_done: int = 0
    articles_missing: int = 0
    articles_damaged: int = 0
    bytes_written: int = 0
    started_at: float | None = None
    _samples: deque[tuple[float, int]] = field(default_factory=deque, repr=False)
    _first_sample: float | None = field(default=None, repr=False)

    @property
    def bytes_left(self) -> int:
        return max(0, self.bytes_total - self.bytes_done)

    @property
    def speed(self) -> float:
        """Bytes per second over the last few seconds (or since the first byte, if sooner:
        a young job is not averaged over time it did not exist)."""
        now = time.monotonic()
        while self._samples and self._samples[0][0] < now - _SPEED_WINDOW_S:
            self._samples.popleft()
        if not self._samples:
            return 0.0
        first = self._first_sample if self._first_sample is not None else now
        span = min(_SPEED_WINDOW_S, max(now - first, _MIN_SPEED_SPAN_S))
        return sum(n for _, n in self._samples) / span

    def add_done(self, nbytes: int) -> None:
        now = time.monotonic()
        if self._first_sample is None:
            self._first_sample = now
        self.bytes_done += nbytes
        self._samples.append((now, nbytes))


@dataclass(frozen=True, slots=True)
class DownloadResult:
    """How the download stage ended. Missing articles are not a failure here: par2 decides."""

    cancelled: bool
    fail_message: str | None
    missing_articles: int
    damaged_articles: int
    files: dict[str, Path]

    @property
    def ok(self) -> bool:
        return not self.cancelled and self.fail_message is None

    @property
    def bad_articles(self) -> int:
        return self.missing_articles + self.damaged_articles


@dataclass(frozen=True, slots=True)
class _Article:
    file: NzbFile
    segment: Segment


class DownloadJob:
    """Downloads the files of one NZB into ``job_dir``; resumable across restarts."""

    def __init__(
        self,
        nzb: Nzb,
        job_dir: Path,
        pool: ServerPool,
        *,
        max_outstanding: int | None = None,
        commit_interval: float = 5.0,
    ) -> None:
        self.nzb = nzb
        self.job_dir = job_dir
        self.pool = pool
        self.assembler = Assembler(job_dir, reserved=frozenset({ADMIN_DIR}))
        self.progress = JobProgress(self.assembler.job_dir / ADMIN_DIR / "progress.log")
        self.stats = DownloadStats()
        self._window = max_outstanding
        self._commit_interval = commit_interval
        self._stop_committer = asyncio.Event()
        self._io = ThreadPoolExecutor(1, thread_name_prefix="nzb-commit")
        self._outstanding = 0
        self._lock = threading.Lock()
        """Guards the plan and ``_outstanding``: connection threads pull from them."""
        self._todo: list[_Article] = []
        self._next = 0
        self._changed = asyncio.Event()
        self._paused = False
        self._cancelled = False
        self._fatal: str | None = None
        self._closed = False
        self._missing = 0
        self._damaged = 0
        self._included: set[str] = set()
        self.on_bad: Callable[[int], None] | None = None
        """Told (on the event loop) the bad-article count of the running download each time
        it grows, so recovery volumes can join the same download (:meth:`extend`)."""
        # Recovery volumes count once they are asked for: most jobs never need them.
        self._include(f for f in nzb.files if f.par2_volume_blocks is None)

    # -- control ------------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def pause(self) -> None:
        """Stop handing out articles; those already in flight still land on disk."""
        self._paused = True
        self._changed.set()

    def resume(self) -> None:
        self._paused = False
        self._changed.set()
        self.pool.wake()

    def cancel(self) -> None:
        """Abandon the download; queued requests are dropped by the pool unsent."""
        self._cancelled = True
        self._changed.set()

    # -- planning -----------------------------------------------------------------------

    def _include(self, files: Iterable[NzbFile]) -> None:
        """Add files to the progress totals, counting what earlier runs already finished."""
        done, missing = self.progress.done, self.progress.missing
        for nzb_file in files:
            if nzb_file.filename in self._included:
                continue
            self._included.add(nzb_file.filename)
            self.stats.bytes_total += nzb_file.bytes
            self.stats.articles_total += len(nzb_file.segments)
            for seg in nzb_file.segments:
                if seg.message_id in done:
                    self.stats.articles_done += 1
                    self.stats.bytes_done += seg.bytes
                elif seg.message_id in missing:
                    self.stats.articles_missing += 1
                    self.stats.bytes_done += seg.bytes

    def _plan(self, files: Sequence[NzbFile]) -> list[_Article]:
        finished, missing = self.progress.done, self.progress.missing
        todo = []
        for nzb_file in files:
            for seg in nzb_file.segments:
                if seg.message_id in missing:
                    self._missing += 1
                elif seg.message_id not in finished:
                    todo.append(_Article(nzb_file, seg))
        return todo

    def extend(self, files: Sequence[NzbFile]) -> None:
        """Fetch ``files`` too, in the download that is running (called from ``on_bad``)."""
        files = [f for f in files if f.filename not in self._included]
        self._include(files)
        with self._lock:
            self._todo.extend(self._plan(files))
        self.pool.wake()

    def _max_size(self, nzb_file: NzbFile) -> int:
        # Decoded data is never larger than its yEnc encoding; allow slack for odd NZBs.
        return 2 * nzb_file.bytes + 1024 * 1024

    # -- running ------------------------------------------------------------------------

    async def download(self, files: Sequence[NzbFile] | None = None) -> DownloadResult:
        """Fetch every unfinished segment of ``files`` (default: all files of the NZB)."""
        files = list(self.nzb.files if files is None else files)
        self._include(files)
        self._missing = self._damaged = 0
        self._fatal = None
        if self.stats.started_at is None:
            self.stats.started_at = time.monotonic()
        with self._lock:
            self._todo, self._next = self._plan(files), 0
        self._stop_committer.clear()
        committer = asyncio.create_task(self._committer())
        self.pool.attach(self._take)
        try:
            await self._wait_done()
        finally:
            self.pool.detach(self._take)
            self._stop_committer.set()
            await committer
            if self._outstanding or self._should_drop():
                # Interrupted: make what landed durable so a restart resumes after it. A
                # finished download skips this: forcing the whole release to disk would
                # only delay post-processing, which reads it from the page cache anyway;
                # after a crash the last batch is simply fetched again.
                await self._commit()
        paths = {
            f.filename: self.assembler.path_for(f.filename)
            for f in files
            if self.assembler.path_for(f.filename).exists()
        }
        return DownloadResult(
            cancelled=self._cancelled,
            fail_message=self._fatal,
            missing_articles=self._missing,
            damaged_articles=self._damaged,
            files=paths,
        )

    async def flush_progress(self) -> None:
        """Make every article that landed durable and on record now (before giving up on
        a job that may be retried). A closed job has nothing left to record."""
        if not self._closed:
            with contextlib.suppress(OSError):  # the disk that failed the job may fail this
                await self._commit()

    def close(self) -> None:
        """Release files and threads (the job folder stays for post-processing). Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._io.shutdown(wait=True)
        self.assembler.close()
        self.progress.close()

    def _should_drop(self) -> bool:
        return self._cancelled or self._fatal is not None

    def _take(self) -> ArticleRequest | None:
        """The next article to fetch, for a connection thread; None while there is none to
        hand out (paused, cancelled, window full, or all handed out)."""
        if self._paused or self._should_drop():
            return None
        with self._lock:
            if self._next >= len(self._todo):
                return None
            if self._window is not None and self._outstanding >= self._window:
                return None
            article = self._todo[self._next]
            try:
                sink = self.assembler.writer(article.file.filename)
            except (OSError, PathEscapeError) as exc:
                self.pool.call_on_loop(functools.partial(self._fail_write, article, exc))
                return None
            self._next += 1
            self._outstanding += 1
        return ArticleRequest(
            message_id=article.segment.message_id,
            deliver=self._deliver,
            context=article,
            posted=article.file.date,
            sink=sink,
            cancelled=self._should_drop,
        )

    async def _wait_done(self) -> None:
        while not self._should_drop():
            with self._lock:
                if self._next >= len(self._todo) and not self._outstanding:
                    return
            self._changed.clear()
            await self._changed.wait()

    def _deliver(self, outcome: ArticleOutcome) -> None:
        with self._lock:
            throttled = self._window is not None and self._outstanding >= self._window
            self._outstanding -= 1
        self._changed.set()
        if throttled:
            self.pool.wake()
        if not self._closed and not self._should_drop():
            self._apply(outcome)

    def _fail_write(self, article: _Article, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self._fatal = f"write error on {article.file.filename}: {reason}"
        self._changed.set()

    def _apply(self, outcome: ArticleOutcome) -> None:
        article = outcome.request.context
        assert isinstance(article, _Article)
        message_id = article.segment.message_id
        kind, part = outcome.kind, outcome.part
        if kind is OutcomeKind.OK and part is not None:
            name = article.file.filename
            try:
                if part.data is not None:  # no sink took it (uuencoded articles)
                    self.assembler.write(name, part, self._max_size(article.file))
                else:
                    self.assembler.accept(name, part, self._max_size(article.file))
            except AssemblyError:
                self._damaged += 1
                self.stats.articles_damaged += 1
                self.progress.record_missing(message_id)
                self._tell_bad()
            except (OSError, PathEscapeError) as exc:
                self._fail_write(article, exc)
                return
            else:
                self.progress.record_done(message_id)
                self.stats.articles_done += 1
                self.stats.bytes_written += part.size
            self.stats.add_done(article.segment.bytes)
        elif kind is OutcomeKind.WRITE_FAILED:
            error = part.write_error if part is not None else None
            self._fail_write(article, error or OSError(outcome.message))
        elif kind is OutcomeKind.UNAVAILABLE:
            # Not the article's fault: do not record it, so a later retry asks again.
            self._fatal = f"no news server available: {outcome.message}"
            self._changed.set()
        else:
            if kind is OutcomeKind.DAMAGED:
                self._damaged += 1
                self.stats.articles_damaged += 1
            else:
                self._missing += 1
                self.stats.articles_missing += 1
            self.progress.record_missing(message_id)
            self.stats.add_done(article.segment.bytes)
            self._tell_bad()

    def _tell_bad(self) -> None:
        if self.on_bad is not None:
            self.on_bad(self._missing + self._damaged)

    async def _committer(self) -> None:
        # Stopped through an event, never cancelled: a commit running on the I/O thread
        # must finish before the final one starts, or batches could interleave.
        while not self._stop_committer.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._commit_interval):
                    await self._stop_committer.wait()
            if self.progress.uncommitted and not self._stop_committer.is_set():
                await self._commit()

    async def _commit(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._io, self.progress.commit, self.assembler.sync)
