"""The queue: runs jobs through the engine in order, and remembers everything it did.

:class:`QueueManager` is the service's one long-lived component. It owns

* the jobs (queue and history are one list of rows; ``status`` says which side a job is on),
* a shared :class:`ServerPool` built from the server catalog (a new pool for jobs started
  after a server change; the old one closes when its last job ends),
* the scheduling rule: the highest priority first, then queue position; up to
  ``max_active_jobs`` downloading at once; nothing starts while paused (global pause, the
  disk-space guard) except ``Force`` jobs, and nothing starts without an enabled server,
* restart recovery: a job that was downloading or post-processing when the process died is
  queued again at its old place; the engine's progress log in the job folder makes sure no
  finished article is fetched twice,
* the speed limit, implemented as pacing (see :meth:`_pace`): a token bucket over the pool's
  received bytes pauses and resumes the running downloads. The engine keeps a bounded
  window of articles in flight, so the limit holds on average over a second or two rather
  than per packet; that is what SABnzbd's limit promises too.

Everything runs on the service's event loop; database writes are short single-row
transactions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mediastack.core.fs import PathEscapeError, confine, free_space, safe_name
from mediastack.core.metrics import ServiceMetrics
from mediastack.usenet.engine import JobPipeline, JobResult, JobSettings, JobStatus, ServerPool
from mediastack.usenet.engine.job import ADMIN_DIR
from mediastack.usenet.engine.nzb import InvalidNzbError, Nzb, parse_nzb
from mediastack.usenet.engine.state import forget_missing
from mediastack.usenet.queue.catalog import DEFAULT_CATEGORY, Catalog
from mediastack.usenet.queue.models import QUEUE_STATUSES, JobRow, Priority
from mediastack.usenet.queue.store import JobStore
from mediastack.usenet.settings import RETENTION_OPTIONS, RetentionOption, UsenetSettings

__all__ = ["ActiveJob", "NewJob", "QueueError", "QueueManager", "Warning"]

log = logging.getLogger(__name__)

_TICK_S = 0.5
_PACE_TICK_S = 0.05
_DISK_CHECK_S = 2.0
_CHECKPOINT_S = 5.0
_STOP_GRACE_S = 10.0
_MAX_WARNINGS = 100
_PARSED_KEPT = 4
_POST_PROCESSING = frozenset(
    {
        JobStatus.FETCHING,
        JobStatus.VERIFYING,
        JobStatus.REPAIRING,
        JobStatus.EXTRACTING,
        JobStatus.MOVING,
    }
)


class QueueError(Exception):
    """A queue operation that cannot be done (unknown job, wrong state)."""


@dataclass(frozen=True, slots=True)
class Warning:
    text: str
    time: int
    type: str = "WARNING"
    origin: str = "queue"


@dataclass(slots=True)
class NewJob:
    """A job as intake hands it over: the NZB is parsed and checked already."""

    name: str
    nzb_name: str
    nzb: bytes
    nzb_hash: str
    bytes: int
    category: str
    priority: Priority
    pp: int
    script: str = "None"
    password: str | None = None
    url: str = ""
    paused: bool = False
    fail_message: str = ""
    parsed: Nzb | None = None
    """The NZB as intake parsed it, so the launch does not parse it again."""


@dataclass(eq=False, slots=True)
class ActiveJob:
    row: JobRow
    pipeline: JobPipeline
    pool: ServerPool
    task: asyncio.Task[None] | None = None
    deleted: bool = False
    last_checkpoint: float = field(default_factory=time.monotonic)


def new_nzo_id() -> str:
    """SABnzbd's id form: ``SABnzbd_nzo_`` and random characters."""
    return "SABnzbd_nzo_" + secrets.token_hex(6)


def utcnow() -> datetime:
    return datetime.now(UTC)


class QueueManager:
    """Queue, history and the downloads in flight. A :class:`Component` of the service."""

    name = "usenet-queue"

    def __init__(
        self,
        settings: UsenetSettings,
        store: JobStore,
        catalog: Catalog,
        *,
        complete_dir: Path,
        incomplete_dir: Path,
        metrics: ServiceMetrics | None = None,
        pool_factory: Callable[[Catalog], ServerPool] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.catalog = catalog
        self.complete_dir = complete_dir
        self.incomplete_dir = incomplete_dir
        self.metrics = metrics
        self._pool_factory = pool_factory or (lambda c: ServerPool(c.servers()))
        self.jobs: dict[str, JobRow] = {}
        self.active: dict[str, ActiveJob] = {}
        self.paused = False
        self.disk_paused = False
        self.speed_limit = settings.speed_limit_kbps * 1024
        self.warnings: list[Warning] = []
        self.last_history_update = int(time.time())
        self._pool: ServerPool | None = None
        self._pool_version = -1
        self._retired: list[ServerPool] = []
        self._pace_paused = False
        self._tokens = 0.0
        self._pace_seen = 0
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self._history_bytes: int = 0
        self._parsed: dict[str, Nzb] = {}
        """NZBs parsed at intake for jobs not launched yet (dropped at launch or delete)."""

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        self.incomplete_dir.mkdir(parents=True, exist_ok=True)
        self.paused = bool(self.store.get_state("paused", False))
        self.speed_limit = int(self.store.get_state("speed_limit", self.speed_limit))
        recovered = []
        for row in self.store.load():
            if row.archived:
                continue
            if row.status in (JobStatus.DOWNLOADING, *_POST_PROCESSING):
                # Interrupted mid-job: queue it again; finished articles are on record.
                row.status = JobStatus.QUEUED
                recovered.append(row)
            self.jobs[row.nzo_id] = row
        if recovered:
            self.store.save(*recovered)
            log.info("resuming %d interrupted jobs", len(recovered))
        self.apply_retention()
        self._stopping = False
        self._tasks = [
            asyncio.create_task(self._scheduler(), name="usenet-scheduler"),
            asyncio.create_task(self._monitor(), name="usenet-monitor"),
            asyncio.create_task(self._pacer(), name="usenet-pacer"),
        ]
        self._update_metrics()

    async def stop(self) -> None:
        """Stop downloading but keep every job's state: the next start resumes them."""
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for active in list(self.active.values()):
            active.pipeline.cancel()
        running = [a.task for a in self.active.values() if a.task is not None]
        if running:
            _done, pending = await asyncio.wait(running, timeout=_STOP_GRACE_S)
            for task in pending:  # a par2 or unpack run: the restart redoes that stage
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
        for active in self.active.values():
            active.row.bytes_done = self.bytes_done(active.row)
        self.store.save(*(a.row for a in self.active.values()))
        self.active.clear()
        for pool in [*self._retired, *([self._pool] if self._pool else [])]:
            await pool.close()
        self._retired.clear()
        self._pool = None

    def wake(self) -> None:
        self._wake.set()

    # -- views -----------------------------------------------------------------------------

    def status_of(self, row: JobRow) -> str:
        """The live status: the engine's while a job runs, the stored one otherwise."""
        active = self.active.get(row.nzo_id)
        if active is None or active.pipeline.status is JobStatus.QUEUED:
            return row.status
        return active.pipeline.status.value

    def in_queue(self, row: JobRow) -> bool:
        return self.status_of(row) in QUEUE_STATUSES

    def queue(self) -> list[JobRow]:
        """Queue order: priority first (Force, High, Normal, Low), then position."""
        rows = [r for r in self.jobs.values() if self.in_queue(r)]
        return sorted(rows, key=lambda r: (-r.priority, r.position))

    def history(self) -> list[JobRow]:
        """Newest first, like SABnzbd's history; jobs still post-processing on top."""
        rows = [r for r in self.jobs.values() if not self.in_queue(r)]
        return sorted(rows, key=lambda r: (r.completed_at or utcnow(), r.position), reverse=True)

    def get(self, nzo_id: str) -> JobRow:
        row = self.jobs.get(nzo_id)
        if row is None:
            raise QueueError(f"unknown job {nzo_id}")
        return row

    def bytes_done(self, row: JobRow) -> int:
        active = self.active.get(row.nzo_id)
        if active is not None and active.pipeline.download.stats.bytes_total:
            stats = active.pipeline.download.stats
            # The engine counts only what it plans to fetch (recovery volumes on demand),
            # the queue shows the whole NZB; scale so "left" reaches zero when it is done.
            return min(row.bytes, round(row.bytes * stats.bytes_done / stats.bytes_total))
        return row.bytes_done

    def speed(self) -> float:
        """Bytes per second over all running downloads."""
        return sum(a.pipeline.download.stats.speed for a in self.active.values())

    def pools(self) -> list[ServerPool]:
        return [*self._retired, *([self._pool] if self._pool else [])]

    def find_duplicate(self, nzb_hash: str, name: str) -> JobRow | None:
        lowered = name.lower()
        for row in self.jobs.values():
            if row.nzb_hash == nzb_hash or row.name.lower() == lowered:
                return row
        return None

    def warn(self, text: str) -> None:
        log.warning("%s", text)
        self.warnings.append(Warning(text=text, time=int(time.time())))
        del self.warnings[:-_MAX_WARNINGS]

    # -- adding ----------------------------------------------------------------------------

    def add(self, job: NewJob) -> JobRow:
        now = utcnow()
        failed = bool(job.fail_message)
        row = JobRow(
            nzo_id=new_nzo_id(),
            name=job.name,
            nzb_name=job.nzb_name,
            category=job.category,
            priority=int(job.priority),
            pp=job.pp,
            script=job.script,
            status=(
                JobStatus.FAILED if failed else JobStatus.PAUSED if job.paused else JobStatus.QUEUED
            ).value,
            position=self._next_position(),
            nzb_path="",
            nzb_hash=job.nzb_hash,
            password=job.password,
            workdir=None,
            added_at=now,
            completed_at=now if failed else None,
            bytes=job.bytes,
            bytes_done=0,
            bytes_downloaded=0,
            fail_message=job.fail_message,
            storage=None,
            download_time=0,
            postproc_time=0,
            stage_log=[],
            url=job.url,
            archived=False,
        )
        self.store.add(row, job.nzb)
        self.jobs[row.nzo_id] = row
        if job.parsed is not None and not failed:
            self._parsed[row.nzo_id] = job.parsed
            while len(self._parsed) > _PARSED_KEPT:  # a long queue re-parses at launch
                del self._parsed[next(iter(self._parsed))]
        if failed:
            self._count_failure()
            self.last_history_update = int(time.time())
        log.info("added %s (%s) to category %s", row.name, row.nzo_id, row.category)
        self._changed()
        return row

    def _next_position(self) -> int:
        return max((r.position for r in self.jobs.values()), default=0) + 1

    # -- queue operations ------------------------------------------------------------------

    def pause_all(self) -> None:
        self.paused = True
        self.store.set_state("paused", True)
        self._apply_pauses()

    def resume_all(self) -> None:
        self.paused = False
        self.store.set_state("paused", False)
        self._apply_pauses()
        self._changed()

    def pause_jobs(self, nzo_ids: Iterable[str]) -> list[str]:
        done = []
        for row in self._queued_rows(nzo_ids):
            row.status = JobStatus.PAUSED.value
            active = self.active.get(row.nzo_id)
            if active is not None:
                active.pipeline.pause()
            self.store.save(row)
            done.append(row.nzo_id)
        self._changed()
        return done

    def resume_jobs(self, nzo_ids: Iterable[str]) -> list[str]:
        done = []
        for row in self._queued_rows(nzo_ids):
            if row.status != JobStatus.PAUSED:
                continue
            active = self.active.get(row.nzo_id)
            row.status = (JobStatus.DOWNLOADING if active else JobStatus.QUEUED).value
            if active is not None:
                active.pipeline.resume()
            self.store.save(row)
            done.append(row.nzo_id)
        self._apply_pauses()
        self._changed()
        return done

    def set_priority(self, nzo_id: str, priority: Priority) -> int:
        """Change a queued job's priority; returns its new index in the queue."""
        row = self.get(nzo_id)
        if not self.in_queue(row):
            raise QueueError(f"{nzo_id} is not in the queue")
        if priority is Priority.PAUSED:
            self.pause_jobs([nzo_id])
        elif priority is not Priority.DEFAULT:
            row.priority = int(priority)
            self.store.save(row)
        self._apply_pauses()
        self._changed()
        return self.index_of(nzo_id)

    def index_of(self, nzo_id: str) -> int:
        return next((i for i, r in enumerate(self.queue()) if r.nzo_id == nzo_id), -1)

    def move(self, nzo_id: str, target: str | int) -> tuple[int, int]:
        """SABnzbd's ``switch``: put a job at another job's place or at an index.

        A job cannot jump over a job of higher priority; like SABnzbd it takes the target's
        priority only when moved by id. Returns (new index, priority).
        """
        row = self.get(nzo_id)
        order = [r for r in self.queue() if r.nzo_id != nzo_id]
        if isinstance(target, str):
            other = self.get(target)
            if other.nzo_id == nzo_id or not self.in_queue(other):
                return self.index_of(nzo_id), row.priority
            index = next(i for i, r in enumerate(order) if r.nzo_id == target)
            row.priority = other.priority
        else:
            index = max(0, min(target, len(order)))
            if order:
                neighbour = order[min(index, len(order) - 1)]
                row.priority = max(row.priority, neighbour.priority) if index else row.priority
        order.insert(index, row)
        for position, item in enumerate(order, start=1):
            item.position = position
        self.store.save(*order)
        self._changed()
        return self.index_of(nzo_id), row.priority

    def change_category(self, nzo_id: str, category: str) -> None:
        row = self.get(nzo_id)
        known = self.catalog.category(category)
        row.category = known.name if known else DEFAULT_CATEGORY
        self._refresh_settings(row)
        self.store.save(row)

    def change_pp(self, nzo_id: str, pp: int) -> None:
        row = self.get(nzo_id)
        row.pp = max(0, min(3, pp))
        self._refresh_settings(row)
        self.store.save(row)

    def rename(self, nzo_id: str, name: str, password: str | None) -> None:
        row = self.get(nzo_id)
        if name.strip():
            row.name = name.strip()
        if password is not None:
            row.password = password or None
        active = self.active.get(row.nzo_id)
        if active is not None:
            active.pipeline.name = row.name
            if row.password:
                active.pipeline.password = row.password
        self.store.save(row)

    def _refresh_settings(self, row: JobRow) -> None:
        active = self.active.get(row.nzo_id)
        if active is not None:
            active.pipeline.settings = self._job_settings(row)

    async def delete(self, nzo_ids: Iterable[str], *, del_files: bool, archive: bool) -> list[str]:
        """Remove jobs from the queue or history.

        A queued job's incomplete folder always goes (nothing can use half a download). For
        history, ``del_files`` also removes the completed folder (or a failed job's
        incomplete one); ``archive`` hides the entry instead of forgetting it.
        """
        removed = []
        for nzo_id in list(nzo_ids):
            row = self.jobs.get(nzo_id)
            if row is None:
                continue
            queued = self.in_queue(row)
            await self._halt(row)
            if queued or del_files:
                self._remove_workdir(row)
            if del_files and row.storage and row.status == JobStatus.COMPLETED:
                self._remove_tree(self.complete_dir, Path(row.storage))
            del self.jobs[nzo_id]
            self._parsed.pop(nzo_id, None)
            if archive and not queued:
                row.archived = True
                self.store.save(row)
            else:
                self.store.delete(row)
            removed.append(nzo_id)
        self.last_history_update = int(time.time())
        self._changed()
        return removed

    def retry(
        self,
        nzo_id: str,
        password: str | None = None,
        new_nzb: tuple[str, bytes, int] | None = None,
    ) -> JobRow:
        """Queue a failed job again, under a new nzo_id; its finished articles stay finished.

        As in SABnzbd, the retried job is a new job: it leaves history and the answer
        names its new id (clients follow that id, not the old one). Articles no server
        had are forgotten, so a server added since then is asked. ``new_nzb`` (file name,
        checked NZB, its size) replaces the job's NZB, as SABnzbd's retry with an uploaded
        ``nzbfile`` does: the job keeps its folder, and articles of the new NZB already on
        disk (same message-id) are not fetched again.
        """
        row = self.get(nzo_id)
        if row.status != JobStatus.FAILED or row.nzo_id in self.active:
            raise QueueError(f"{nzo_id} is not a failed job")
        self._parsed.pop(row.nzo_id, None)
        self.store.renew_id(row, new_nzo_id())
        del self.jobs[nzo_id]
        self.jobs[row.nzo_id] = row
        if row.workdir:
            forget_missing(Path(row.workdir) / ADMIN_DIR / "progress.log")
        if new_nzb is not None:
            row.nzb_name, data, row.bytes = new_nzb
            self._parsed.pop(row.nzo_id, None)
            row.bytes_done = 0
            self.store.replace_nzb(row, data)
        if password:
            row.password = password
        row.status = JobStatus.QUEUED.value
        row.fail_message = ""
        row.completed_at = None
        row.storage = None
        row.stage_log = []
        row.position = self._next_position()
        self.store.save(row)
        self.last_history_update = int(time.time())
        self._changed()
        return row

    def set_speed_limit(self, bytes_per_second: int) -> None:
        self.speed_limit = max(0, bytes_per_second)
        self.store.set_state("speed_limit", self.speed_limit)
        self._tokens = 0.0
        if not self.speed_limit and self._pace_paused:
            self._pace_paused = False
            self._apply_pauses()

    def _queued_rows(self, nzo_ids: Iterable[str]) -> list[JobRow]:
        wanted = list(nzo_ids)
        if wanted == ["all"]:
            return self.queue()
        return [r for r in (self.jobs.get(i) for i in wanted) if r is not None and self.in_queue(r)]

    def _changed(self) -> None:
        self._update_metrics()
        self._wake.set()

    # -- history retention -----------------------------------------------------------------

    @property
    def retention(self) -> tuple[RetentionOption, int]:
        """SABnzbd's ``history_retention_option`` and ``_number``: the API's choice, if
        one was made, over config.yaml's."""
        option = self.store.get_state("history_retention_option")
        number = self.store.get_state("history_retention_number")
        chosen = option if option in RETENTION_OPTIONS else self.settings.history_retention_option
        count = number if isinstance(number, int) and number >= 1 else None
        return chosen, count or self.settings.history_retention_number

    def set_retention(self, option: str | None = None, number: int | None = None) -> None:
        if option is not None:
            if option not in RETENTION_OPTIONS:
                raise QueueError(f"history_retention_option must be one of {RETENTION_OPTIONS}")
            self.store.set_state("history_retention_option", option)
        if number is not None:
            if number < 1:
                raise QueueError("history_retention_number must be at least 1")
            self.store.set_state("history_retention_number", number)
        self.apply_retention()

    def apply_retention(self) -> list[str]:
        """Archive or delete completed history entries the retention setting lets go, as
        SABnzbd does after every job. Failed jobs stay; no files are touched."""
        option, number = self.retention
        if option == "all":
            return []
        completed = sorted(
            (r for r in self.jobs.values() if r.status == JobStatus.COMPLETED and not r.archived),
            key=lambda r: r.completed_at or utcnow(),
            reverse=True,
        )
        if option.startswith("number-"):
            gone = completed[number:]
        elif option.startswith("days-"):
            cutoff = utcnow() - timedelta(days=number)
            gone = [r for r in completed if r.completed_at and r.completed_at < cutoff]
        else:
            gone = completed
        for row in gone:
            del self.jobs[row.nzo_id]
            if option.endswith("-archive"):
                row.archived = True
                self.store.save(row)
            else:
                self.store.delete(row)
        if gone:
            self.last_history_update = int(time.time())
            log.info("history retention (%s, %d): %d jobs let go", option, number, len(gone))
        return [r.nzo_id for r in gone]

    # -- scheduling ------------------------------------------------------------------------

    async def _scheduler(self) -> None:
        while True:
            try:
                await self._start_ready_jobs()
            except Exception:  # one bad job must not stop the queue
                log.exception("scheduling failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(_TICK_S * 4):
                    await self._wake.wait()

    async def _start_ready_jobs(self) -> None:
        if not any(s.enable for s in self.catalog.servers()):
            return
        for row in self.queue():
            running = sum(1 for a in self.active.values() if a.row.status != JobStatus.PAUSED)
            if running >= self.settings.max_active_jobs:
                return
            if row.nzo_id in self.active or row.status != JobStatus.QUEUED:
                continue
            if (self.paused or self.disk_paused) and row.priority != Priority.FORCE:
                continue
            await self._launch(row)

    def _current_pool(self) -> ServerPool:
        if self._pool is None or self._pool_version != self.catalog.version:
            if self._pool is not None:
                self._retired.append(self._pool)
            self._pool = self._pool_factory(self.catalog)
            self._pool_version = self.catalog.version
        return self._pool

    def _job_settings(self, row: JobRow) -> JobSettings:
        category = self.catalog.category(row.category)
        folder = category.dir.strip() if category and category.name != DEFAULT_CATEGORY else ""
        return JobSettings(
            complete_dir=self.complete_dir,
            category_dir=folder or None,
            unpack=row.pp >= 2,
            cleanup=row.pp >= 3,
            always_verify=self.settings.always_verify,
            commit_interval=self.settings.commit_interval_s,
        )

    def _workdir_for(self, row: JobRow) -> Path:
        if row.workdir:
            return Path(row.workdir)
        base = safe_name(row.name)
        candidate = confine(self.incomplete_dir, base)
        n = 1
        taken = {r.workdir for r in self.jobs.values() if r.workdir}
        while candidate.exists() or str(candidate) in taken:
            candidate = confine(self.incomplete_dir, f"{base}.{n}")
            n += 1
        row.workdir = str(candidate)
        return candidate

    async def _launch(self, row: JobRow) -> None:
        try:
            nzb = self._parsed.pop(row.nzo_id, None)
            if nzb is None:
                nzb = await asyncio.to_thread(parse_nzb, self.store.read_nzb(row))
            workdir = self._workdir_for(row)
        except (OSError, InvalidNzbError, PathEscapeError) as exc:
            self._finish_failed(row, f"Cannot start the job: {exc}")
            return
        pool = self._current_pool()
        pipeline = JobPipeline(
            nzb,
            name=row.name,
            job_dir=workdir,
            pool=pool,
            settings=self._job_settings(row),
            password=row.password,
        )
        active = ActiveJob(row=row, pipeline=pipeline, pool=pool)
        self.active[row.nzo_id] = active
        row.status = JobStatus.DOWNLOADING.value
        self.store.save(row)
        self._apply_pauses()
        active.task = asyncio.create_task(self._run(active), name=f"usenet-job-{row.nzo_id}")

    async def _run(self, active: ActiveJob) -> None:
        row = active.row
        try:
            result = await active.pipeline.run()
        except Exception as exc:
            log.exception("job %s crashed", row.nzo_id)
            result = JobResult(JobStatus.FAILED, fail_message=f"Internal error: {exc}")
        finally:
            if not self._stopping:
                self.active.pop(row.nzo_id, None)
        if self._stopping or active.deleted:
            return
        self._record(row, result)
        self.apply_retention()
        await self._close_retired_pools()
        self._changed()

    def _record(self, row: JobRow, result: JobResult) -> None:
        row.status = result.status.value
        row.fail_message = result.fail_message
        row.storage = str(result.storage) if result.storage else None
        row.bytes_downloaded += result.bytes_downloaded
        row.bytes_done = row.bytes if result.status is JobStatus.COMPLETED else row.bytes_done
        row.download_time += round(result.download_time)
        row.postproc_time += round(result.postproc_time)
        row.stage_log = [[stage, line] for stage, line in result.stage_log]
        row.completed_at = utcnow()
        self.store.save(row)
        self.last_history_update = int(time.time())
        self._history_bytes += result.bytes_downloaded
        if result.status is JobStatus.FAILED:
            self._count_failure()
            log.warning("job %s failed: %s", row.name, result.fail_message)
        else:
            log.info("job %s completed into %s", row.name, row.storage)

    def _finish_failed(self, row: JobRow, message: str) -> None:
        self._record(row, JobResult(JobStatus.FAILED, fail_message=message))
        self._changed()

    def _count_failure(self) -> None:
        if self.metrics is not None:
            self.metrics.failed_downloads.labels(self.metrics.role).inc()

    async def _halt(self, row: JobRow) -> None:
        active = self.active.get(row.nzo_id)
        if active is None:
            return
        active.deleted = True
        active.pipeline.cancel()
        if active.task is not None:
            _done, pending = await asyncio.wait([active.task], timeout=_STOP_GRACE_S)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self.active.pop(row.nzo_id, None)
        await self._close_retired_pools()

    async def _close_retired_pools(self) -> None:
        in_use = {id(a.pool) for a in self.active.values()}
        keep = []
        for pool in self._retired:
            if id(pool) in in_use:
                keep.append(pool)
            else:
                await pool.close()
        self._retired = keep

    def _remove_workdir(self, row: JobRow) -> None:
        if row.workdir:
            self._remove_tree(self.incomplete_dir, Path(row.workdir))

    def _remove_tree(self, root: Path, path: Path) -> None:
        """Delete a job's folder, but only below ``root`` and never ``root`` itself."""
        try:
            target = confine(root, path)
        except PathEscapeError:
            log.error("refusing to delete %s: outside %s", path, root)
            return
        if target == root.resolve():
            return
        shutil.rmtree(target, ignore_errors=True)

    # -- pausing, pacing, disk guard, progress ---------------------------------------------

    def _apply_pauses(self) -> None:
        """Pause or resume each running download from every reason there is to pause."""
        held = self.paused or self.disk_paused or self._pace_paused
        for active in self.active.values():
            row_paused = active.row.status == JobStatus.PAUSED
            force = active.row.priority == Priority.FORCE and not self._pace_paused
            download = active.pipeline.download
            if row_paused or (held and not force):
                download.pause()
            else:
                download.resume()

    async def _monitor(self) -> None:
        last_disk = 0.0
        while True:
            await asyncio.sleep(_TICK_S)
            now = time.monotonic()
            try:
                self._checkpoint(now)
                if now - last_disk >= _DISK_CHECK_S:
                    last_disk = now
                    await self._check_disk()
            except Exception:
                log.exception("queue monitor failed")
            self._update_metrics()

    def _checkpoint(self, now: float) -> None:
        """Write live status changes (and, now and then, progress) to the database."""
        for active in self.active.values():
            row = active.row
            live = active.pipeline.status
            changed = False
            if live in _POST_PROCESSING and row.status != live.value:
                row.status = live.value
                changed = True
                self.last_history_update = int(time.time())
            if now - active.last_checkpoint >= _CHECKPOINT_S:
                row.bytes_done = self.bytes_done(row)
                active.last_checkpoint = now
                changed = True
            if changed:
                self.store.save(row)

    async def _check_disk(self) -> None:
        minimum = self.settings.min_free_space_mb * 1024 * 1024
        if not minimum:
            return
        free = await asyncio.to_thread(free_space, self.incomplete_dir)
        if free < minimum and not self.disk_paused:
            self.disk_paused = True
            self.warn(
                f"Too little diskspace forcing PAUSE ({free // (1024 * 1024)} MB free, "
                f"{self.settings.min_free_space_mb} MB required)"
            )
            self._apply_pauses()
        elif free >= minimum * 1.05 and self.disk_paused:
            self.disk_paused = False
            log.info("free space back above the minimum; downloading again")
            self._apply_pauses()
            self._wake.set()

    async def _pacer(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(_PACE_TICK_S)
            now = time.monotonic()
            self._pace(now - last)
            last = now

    def _pace(self, elapsed: float) -> None:
        """Token bucket over received bytes: pause the downloads while the bucket is empty."""
        received = sum(p.bytes_received for p in self.pools())
        delta = max(0, received - self._pace_seen)
        self._pace_seen = received
        if not self.speed_limit:
            return
        burst = self.speed_limit / 4
        self._tokens = min(burst, self._tokens + self.speed_limit * elapsed) - delta
        should_pause = self._tokens < 0
        if should_pause != self._pace_paused:
            self._pace_paused = should_pause
            self._apply_pauses()

    def _update_metrics(self) -> None:
        if self.metrics is not None:
            self.metrics.queue_size.labels(self.metrics.role).set(len(self.queue()))
