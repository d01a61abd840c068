"""A whole job, start to finish: download, verify/repair, unpack, clean up, move.

:class:`JobPipeline` is what the queue drives. Its ``status`` walks through SABnzbd's
status names (the managers map them: anything between ``Downloading`` and ``Completed``
counts as still in progress) and every stage appends a line to ``stage_log``, which is
what SABnzbd's history shows.

Recovery volumes are fetched only when needed: the download stage skips ``.volNN+MM.par2``
files; if articles were missing or damaged, par2 says how many blocks are short and just
enough volumes are fetched, smallest first, before repairing.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from mediastack.core.fs import PathEscapeError, safe_name
from mediastack.usenet.engine.job import ADMIN_DIR, DownloadJob, DownloadResult
from mediastack.usenet.engine.nzb import Nzb, NzbFile, split_password
from mediastack.usenet.engine.pool import ServerPool
from mediastack.usenet.engine.postprocess import par2
from mediastack.usenet.engine.postprocess.cleanup import (
    cleanup_files,
    move_to_complete,
    par2_leftovers,
)
from mediastack.usenet.engine.postprocess.deobfuscate import (
    deobfuscate,
    read_file_descriptions,
)
from mediastack.usenet.engine.postprocess.quickcheck import incomplete_files
from mediastack.usenet.engine.postprocess.unpack import UnpackError, unpack_all

__all__ = ["JobPipeline", "JobResult", "JobSettings", "JobStatus"]


class JobStatus(StrEnum):
    """SABnzbd's status strings, which Sonarr/Radarr/Lidarr match case-insensitively."""

    QUEUED = "Queued"
    DOWNLOADING = "Downloading"
    PAUSED = "Paused"
    FETCHING = "Fetching"
    VERIFYING = "Verifying"
    REPAIRING = "Repairing"
    EXTRACTING = "Extracting"
    MOVING = "Moving"
    COMPLETED = "Completed"
    FAILED = "Failed"


class JobSettings(BaseModel):
    """Per-job post-processing choices (SABnzbd's category and switches)."""

    model_config = ConfigDict(frozen=True)

    complete_dir: Path
    category_dir: str | None = None
    unpack: bool = True
    cleanup: bool = True
    """Delete archives and par2 files once unpacking (and verification) succeeded."""
    always_verify: bool = False
    """Run par2 verify even when every article arrived with a good CRC."""
    max_unpack_depth: int = 2
    commit_interval: float = 5.0
    """Seconds between making download progress durable (a crash refetches at most that)."""


@dataclass(slots=True)
class JobResult:
    status: JobStatus
    fail_message: str = ""
    storage: Path | None = None
    missing_articles: int = 0
    damaged_articles: int = 0
    bytes_downloaded: int = 0
    download_time: float = 0.0
    postproc_time: float = 0.0
    stage_log: list[tuple[str, str]] = field(default_factory=list)


class _JobFailed(Exception):
    pass


class JobPipeline:
    """Runs one NZB through every stage; ``run()`` returns the final :class:`JobResult`."""

    def __init__(
        self,
        nzb: Nzb,
        *,
        name: str,
        job_dir: Path,
        pool: ServerPool,
        settings: JobSettings,
        password: str | None = None,
    ) -> None:
        self.nzb = nzb
        # SABnzbd's "Name{{password}}": the password never becomes part of the folder name.
        self.name, name_password = split_password(name)
        self.settings = settings
        self.password = password or nzb.password or name_password
        self.download = DownloadJob(nzb, job_dir, pool, commit_interval=settings.commit_interval)
        self.job_dir = self.download.assembler.job_dir
        self.status = JobStatus.QUEUED
        self._result = JobResult(JobStatus.QUEUED)
        self._unnamed: list[Path] = []
        self._main: list[NzbFile] = []
        self._volumes: list[NzbFile] = []
        self._early: list[NzbFile] = []
        """Recovery volumes fetched during the download, as soon as articles went bad."""

    def pause(self) -> None:
        self.download.pause()
        self.status = JobStatus.PAUSED

    def resume(self) -> None:
        self.download.resume()
        if self.status is JobStatus.PAUSED:
            self.status = JobStatus.DOWNLOADING

    def cancel(self) -> None:
        self.download.cancel()

    def _log(self, stage: str, line: str) -> None:
        self._result.stage_log.append((stage, line))

    async def run(self) -> JobResult:
        result = self._result
        started = time.monotonic()
        post_started = started
        try:
            main = [f for f in self.nzb.files if f.par2_volume_blocks is None]
            volumes = [f for f in self.nzb.files if f.par2_volume_blocks is not None]
            self._main, self._volumes = main, volumes
            if not self.download.paused:
                self.status = JobStatus.DOWNLOADING
            self.download.on_bad = self._prospect
            downloaded = self._check(await self.download.download(main))
            self.download.on_bad = None
            volumes = [v for v in volumes if v not in self._early]
            post_started = time.monotonic()
            result.download_time = post_started - started
            self._deobfuscate()
            await self._verify_and_repair(downloaded, main, volumes)
            extracted = await self._unpack()
            self.status = JobStatus.MOVING
            self.download.close()
            result.storage = move_to_complete(
                self.job_dir,
                self.settings.complete_dir,
                self.settings.category_dir,
                self.name,
                skip=ADMIN_DIR,
            )
            self._log("Move", f"Moved to {result.storage} ({extracted} files unpacked)")
            self.status = result.status = JobStatus.COMPLETED
            self._discard_job_dir()
        except _JobFailed as exc:
            self._fail(str(exc))
        except (OSError, PathEscapeError) as exc:
            # Disk full, permissions, a hostile category path: fail the job, not the queue.
            self._fail(f"{self.status.value} failed: {exc}")
        finally:
            if result.status is JobStatus.FAILED:
                # A retry resumes from here: what landed must be on record (a finished
                # download skips its own final commit, see DownloadJob.download).
                await self.download.flush_progress()
                self.download.close()
                self.status = JobStatus.FAILED
            stats = self.download.stats
            result.missing_articles = stats.articles_missing
            result.damaged_articles = stats.articles_damaged
            result.bytes_downloaded = stats.bytes_written
            result.postproc_time = time.monotonic() - post_started
        return result

    def _discard_job_dir(self) -> None:
        """Delete the emptied job folder (bookkeeping, set-aside files) off the event loop
        and after the job is complete: freeing a repaired or unpacked release's leftovers
        takes a noticeable fraction of a second per GB, and nothing waits for it. The
        loop's executor is joined when the loop shuts down, so the deletion is not lost."""
        loop = asyncio.get_running_loop()
        loop.run_in_executor(None, functools.partial(shutil.rmtree, self.job_dir, True))

    def _fail(self, message: str) -> None:
        """Record the failure; the live status says Failed once the job is wound up, so
        nobody reads Failed before the message is on record."""
        self._result.status = JobStatus.FAILED
        self._result.fail_message = message

    def _check(self, downloaded: DownloadResult) -> DownloadResult:
        if downloaded.cancelled:
            raise _JobFailed("Cancelled")
        if downloaded.fail_message:
            raise _JobFailed(downloaded.fail_message)
        self._log("Download", f"Downloaded {len(downloaded.files)} files")
        return downloaded

    def _deobfuscate(self) -> None:
        """Real names from the par2 descriptions, before par2 and unpacking look for them.

        A file too damaged to recognise keeps its random name; par2 is then told to scan
        such files for the set's blocks (``_unnamed``), and renames or repairs from them.
        """
        pars = [p for p in self.job_dir.iterdir() if p.name.lower().endswith(".par2")]
        renamed, self._unnamed = deobfuscate(self.job_dir, pars, skip=ADMIN_DIR)
        if renamed:
            self._log("Repair", f"Renamed {len(renamed)} obfuscated files from par2")

    def _repaired_from(self) -> list[Path]:
        """Unrecognised files par2 rebuilt a set file from: same size as a set file that
        now exists under its real name (the rebuilt copy is the one to keep)."""
        if not self._unnamed:
            return []
        pars = [p for p in self.job_dir.iterdir() if p.name.lower().endswith(".par2")]
        sizes = {
            d.size
            for p in pars
            for d in read_file_descriptions(p)
            if (self.job_dir / safe_name(d.name)).is_file()
        }
        return [p for p in self._unnamed if p.is_file() and p.stat().st_size in sizes]

    def _prospect(self, bad: int) -> None:
        """Articles went bad mid-download: add the recovery volumes they will cost to the
        same download (SABnzbd does the same), instead of a fetch stage after it."""
        left = [v for v in self._volumes if v not in self._early]
        needed = self._estimate_blocks(bad, self._main, self._volumes) - self._early_blocks
        if not left or needed <= 0:
            return
        chosen = self._choose_volumes(left, needed)
        self._early += chosen
        blocks = sum(v.par2_volume_blocks or 0 for v in chosen)
        self._log("Download", f"Fetching {len(chosen)} recovery volumes ({blocks} blocks)")
        self.download.extend(chosen)

    @property
    def _early_blocks(self) -> int:
        return sum(v.par2_volume_blocks or 0 for v in self._early)

    async def _verify_and_repair(
        self, downloaded: DownloadResult, main: list[NzbFile], volumes: list[NzbFile]
    ) -> None:
        bad = downloaded.bad_articles
        if bad == 0 and not self.settings.always_verify:
            short = self._quick_check()
            if not short:
                self._log("Repair", "Quick check OK: every article arrived with a valid CRC")
                return
            self._log("Repair", f"Quick check failed: {', '.join(short)} incomplete")
        fetched = self._early[0] if self._early else None
        index = next((f for f in main if f.is_par2), None) or fetched
        index = index or (volumes[0] if volumes else None)
        if index is None:
            if bad:
                raise _JobFailed(
                    f"{bad} articles were missing or damaged and there are no par2 files"
                )
            return
        par2_path = self.download.assembler.path_for(index.filename)
        if index in volumes or not par2_path.exists():
            # No usable index file: any recovery volume carries the same description.
            if index not in volumes:
                index = min(volumes, key=lambda v: v.par2_volume_blocks or 0, default=index)
            if index in volumes:
                self._check(await self.download.download([index]))
                volumes = [v for v in volumes if v is not index]
                par2_path = self.download.assembler.path_for(index.filename)
        if volumes or self._early:
            await self._repair_at_once(bad, main, volumes, par2_path)
            return
        self.status = JobStatus.VERIFYING
        verdict = await self._par2(par2.verify, par2_path)
        if verdict.status is par2.Par2Status.CORRECT:
            self._log("Repair", "Verified OK")
            return
        if verdict.status is par2.Par2Status.NOT_REPAIRABLE:
            raise _JobFailed(
                f"Repair failed, not enough repair blocks ({verdict.blocks_needed} short)"
            )
        if verdict.status is par2.Par2Status.ERROR:
            raise _JobFailed(f"par2 verification failed: {verdict.message}")
        self.status = JobStatus.REPAIRING
        repaired = await self._par2(par2.repair, par2_path)
        if not repaired.ok:
            raise _JobFailed(f"Repair failed: {repaired.message}")
        self._log("Repair", f"Repaired with par2 ({bad} bad articles)")

    def _quick_check(self) -> list[str]:
        pars = [p for p in self.job_dir.iterdir() if p.name.lower().endswith(".par2")]
        return incomplete_files(self.job_dir, pars)

    async def _repair_at_once(
        self, bad: int, main: list[NzbFile], volumes: list[NzbFile], par2_path: Path
    ) -> None:
        """Fetch the recovery volumes the bad articles will need, then one ``par2 r``.

        par2's repair verifies before it repairs, so a separate verify pass (and a second
        one after fetching volumes) only reads the whole release again: the number of
        blocks needed is estimated from the bad articles instead, and only if that falls
        short does par2's own "you need N more blocks" drive another fetch. When nothing
        is left to fetch, one last pass without data skipping looks for moved blocks.
        """
        needed = self._estimate_blocks(bad, main, self._volumes) - self._early_blocks
        skip_data = True
        while True:
            chosen = self._choose_volumes(volumes, needed) if needed > 0 else []
            if chosen:
                volumes = [v for v in volumes if v not in chosen]
                self.status = JobStatus.FETCHING
                blocks = sum(v.par2_volume_blocks or 0 for v in chosen)
                self._log("Repair", f"Fetching {len(chosen)} recovery volumes ({blocks} blocks)")
                self._check(await self.download.download(chosen))
            self.status = JobStatus.REPAIRING
            action = functools.partial(par2.repair, skip_data=skip_data)
            verdict = await self._par2(action, par2_path)
            if verdict.status is par2.Par2Status.CORRECT:
                self._log("Repair", "Verified OK")
                return
            if verdict.status is par2.Par2Status.REPAIRED:
                self._log("Repair", f"Repaired with par2 ({bad} bad articles)")
                return
            if verdict.status is not par2.Par2Status.NOT_REPAIRABLE:
                raise _JobFailed(f"Repair failed: {verdict.message}")
            if not volumes and not skip_data:
                raise _JobFailed(
                    f"Repair failed, not enough repair blocks ({verdict.blocks_needed} short)"
                )
            if not volumes:
                skip_data = False
            needed = verdict.blocks_needed

    @staticmethod
    def _estimate_blocks(bad: int, main: list[NzbFile], volumes: list[NzbFile]) -> int:
        """Recovery blocks ``bad`` lost articles are likely to cost (never fewer than one
        per article: an article spans at least one block boundary)."""
        data = [f for f in main if not f.is_par2]
        segments = sum(len(f.segments) for f in data)
        if not segments:
            return bad
        article = sum(f.bytes for f in data) / segments
        sizes = [v.bytes / v.par2_volume_blocks for v in volumes if v.par2_volume_blocks]
        block = min(sizes) if sizes else article
        return bad * (int(article // max(block, 1.0)) + 1)

    async def _par2(
        self,
        action: Callable[[Path, Sequence[Path]], Awaitable[par2.Par2Verdict]],
        path: Path,
    ) -> par2.Par2Verdict:
        try:
            return await action(path, self._unnamed)
        except par2.Par2Error as exc:
            raise _JobFailed(str(exc)) from exc

    @staticmethod
    def _choose_volumes(volumes: list[NzbFile], needed: int) -> list[NzbFile]:
        """Smallest volumes first until they carry ``needed`` blocks (all of them if short)."""
        chosen: list[NzbFile] = []
        blocks = 0
        for volume in sorted(volumes, key=lambda v: v.par2_volume_blocks or 0):
            if blocks >= max(needed, 1):
                break
            chosen.append(volume)
            blocks += volume.par2_volume_blocks or 0
        return chosen

    async def _unpack(self) -> int:
        removable = par2_leftovers(self.job_dir, (f.filename for f in self.nzb.files))
        removable += self._repaired_from()
        extracted = 0
        if self.settings.unpack:
            self.status = JobStatus.EXTRACTING
            try:
                unpacked = await unpack_all(
                    self.job_dir,
                    self.job_dir / ADMIN_DIR,
                    self.password,
                    self.settings.max_unpack_depth,
                )
            except (UnpackError, PathEscapeError) as exc:
                raise _JobFailed(f"Unpacking failed: {exc}") from exc
            extracted = len(unpacked.extracted)
            if unpacked.archives:
                self._log("Unpack", f"Unpacked {len(unpacked.archives)} archives")
            removable += [v for a in unpacked.archives for v in a.volumes]
        if self.settings.cleanup:
            cleanup_files(removable, self.job_dir, self.job_dir / ADMIN_DIR / "trash")
        return extracted
