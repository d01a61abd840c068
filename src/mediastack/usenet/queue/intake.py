"""Getting NZBs in: uploads, URLs, local files and a watched folder.

Every path ends in :meth:`Intake.add_nzb`, which treats the bytes as hostile: size cap,
gzip bomb cap, defusedxml parsing with the engine's limits (no entities, bounded files,
segments and sizes), then the SABnzbd conventions for naming (``Name{{password}}``, the NZB's
``<meta type="password">`` and ``<meta type="category">``), category defaults and duplicate
detection. A refused NZB is an :class:`IntakeError` with a message a user can act on;
nothing is stored for it.

URLs are fetched with httpx, http and https only, with a byte cap enforced while streaming
(a server lying in ``Content-Length`` cannot make us buffer more). Local files must lie under
an allowed root, checked after resolving symlinks.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from mediastack.core.fs import is_within
from mediastack.usenet.engine.nzb import (
    InvalidNzbError,
    Nzb,
    NzbLimits,
    parse_nzb,
    split_password,
)
from mediastack.usenet.queue.catalog import DEFAULT_CATEGORY, Catalog
from mediastack.usenet.queue.manager import NewJob, QueueManager
from mediastack.usenet.queue.models import JobRow, Priority
from mediastack.usenet.queue.store import nzb_hash
from mediastack.usenet.settings import UsenetSettings

__all__ = ["AddOptions", "Intake", "IntakeError", "WatchFolder"]

log = logging.getLogger(__name__)

_NZB_SUFFIXES = (".nzb.gz", ".nzb", ".gz")
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.IGNORECASE)
_MAX_REDIRECTS = 5


class IntakeError(ValueError):
    """The NZB was refused; the message says why."""


@dataclass(frozen=True, slots=True)
class AddOptions:
    """What the caller said about the job (SABnzbd's ``cat``, ``priority``, ``pp`` ...)."""

    name: str | None = None
    category: str | None = None
    priority: int | None = None
    pp: int | None = None
    script: str | None = None
    password: str | None = None


def job_name_from_filename(filename: str) -> str:
    """``Some.Release.nzb`` -> ``Some.Release`` (SABnzbd names jobs after the file)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    lowered = base.lower()
    for suffix in _NZB_SUFFIXES:
        if lowered.endswith(suffix):
            return base[: -len(suffix)]
    return base


class Intake:
    def __init__(
        self,
        manager: QueueManager,
        catalog: Catalog,
        settings: UsenetSettings,
        local_roots: Sequence[Path],
    ) -> None:
        self.manager = manager
        self.catalog = catalog
        self.settings = settings
        self.local_roots = [r.resolve() for r in local_roots]
        self.limits = NzbLimits(max_nzb_bytes=settings.max_nzb_bytes)

    # -- the common path -------------------------------------------------------------------

    async def checked(self, data: bytes, filename: str) -> tuple[bytes, Nzb]:
        """The NZB (decompressed) and its parse, or a clear IntakeError."""
        data = self._decompress(data)
        try:
            nzb = await asyncio.to_thread(parse_nzb, data, self.limits)
        except InvalidNzbError as exc:
            raise IntakeError(f"Invalid NZB file {filename or 'upload'}: {exc}") from None
        return data, nzb

    async def add_nzb(
        self, data: bytes, filename: str, options: AddOptions, url: str = ""
    ) -> JobRow:
        data, nzb = await self.checked(data, filename)
        raw_name = (options.name or "").strip() or job_name_from_filename(filename)
        if not raw_name:
            raw_name = nzb.title or "Unnamed job"
        name, name_password = split_password(raw_name)
        password = options.password or name_password
        category = self._category(options.category, nzb.category)
        cat_config = self.catalog.category(category)
        priority = self._priority(options.priority, cat_config.priority if cat_config else 0)
        pp = options.pp if options.pp is not None and 0 <= options.pp <= 3 else None
        if pp is None:
            pp = cat_config.pp if cat_config and cat_config.pp is not None else None
        digest = nzb_hash(data)
        fail_message = ""
        duplicate = self.manager.find_duplicate(digest, name)
        if duplicate is not None and self.settings.duplicates != "allow":
            if self.settings.duplicates == "refuse":
                raise IntakeError(f"Duplicate NZB: {name} is already in queue or history")
            fail_message = "Duplicate NZB"
        job = NewJob(
            name=name,
            nzb_name=filename or f"{name}.nzb",
            nzb=data,
            nzb_hash=digest,
            bytes=nzb.total_bytes,
            category=category,
            priority=Priority.NORMAL if priority is Priority.PAUSED else priority,
            pp=self.settings.default_pp if pp is None else pp,
            script=options.script or "None",
            password=password,
            url=url,
            paused=priority is Priority.PAUSED,
            fail_message=fail_message,
            parsed=nzb,
        )
        return self.manager.add(job)

    def _decompress(self, data: bytes) -> bytes:
        cap = self.settings.max_nzb_bytes
        if len(data) > cap:
            raise IntakeError(f"NZB is larger than the {cap} byte limit")
        if data[:2] != b"\x1f\x8b":
            return data
        # A gzip bomb expands a few KB into gigabytes: stop at the cap.
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out = inflater.decompress(data, cap + 1)
        except zlib.error as exc:
            raise IntakeError(f"Invalid gzip data: {exc}") from None
        if len(out) > cap or inflater.unconsumed_tail:
            raise IntakeError(f"NZB is larger than the {cap} byte limit once decompressed")
        return out

    def _category(self, requested: str | None, from_nzb: str | None) -> str:
        """The job's category; unknown or absent means SABnzbd's default ``*``."""
        for candidate in (requested, from_nzb):
            if not candidate or candidate.strip().lower() in ("", "*", "default", "none"):
                continue
            known = self.catalog.category(candidate)
            if known is not None:
                return known.name
        return DEFAULT_CATEGORY

    @staticmethod
    def _priority(requested: int | None, category_default: int) -> Priority:
        for value in (requested, category_default):
            if value is None or value == Priority.DEFAULT:
                continue
            with contextlib.suppress(ValueError):
                return Priority(value)
        return Priority.NORMAL

    # -- sources ---------------------------------------------------------------------------

    async def add_url(self, url: str, options: AddOptions) -> JobRow:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise IntakeError("Only http and https URLs can be fetched")
        if not self.settings.allow_private_urls:
            await self._refuse_private(parts.hostname)
        cap = self.settings.max_nzb_bytes
        timeout = httpx.Timeout(self.settings.url_timeout_s)
        try:
            async with (
                httpx.AsyncClient(
                    timeout=timeout, follow_redirects=True, max_redirects=_MAX_REDIRECTS
                ) as client,
                client.stream("GET", url.strip(), headers={"User-Agent": "SABnzbd/4.5.1"}) as reply,
            ):
                if reply.status_code >= 400:
                    raise IntakeError(f"URL fetch failed: HTTP {reply.status_code}")
                declared = reply.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise IntakeError(f"URL content is larger than the {cap} byte limit")
                chunks: list[bytes] = []
                size = 0
                async for chunk in reply.aiter_raw():
                    size += len(chunk)
                    if size > cap:
                        raise IntakeError(f"URL content is larger than the {cap} byte limit")
                    chunks.append(chunk)
                filename = self._filename_from(reply.headers.get("content-disposition"), reply)
        except httpx.HTTPError as exc:
            raise IntakeError(f"URL fetch failed: {exc}") from None
        # Raw bytes: a gzip transfer encoding stays compressed and is inflated (with its
        # own cap) by add_nzb, like a .nzb.gz file.
        return await self.add_nzb(b"".join(chunks), filename, options, url=url.strip())

    @staticmethod
    def _filename_from(disposition: str | None, reply: httpx.Response) -> str:
        if disposition:
            match = _FILENAME.search(disposition)
            if match:
                return unquote(match.group(1)).strip()
        path = unquote(reply.url.path.rsplit("/", 1)[-1])
        return path or "download.nzb"

    @staticmethod
    async def _refuse_private(host: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise IntakeError(f"URL fetch failed: {exc}") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if address.is_private or address.is_loopback or address.is_link_local:
                raise IntakeError("URLs on private or loopback addresses are not allowed")

    async def add_local(self, path: str, options: AddOptions) -> JobRow:
        candidate = Path(path).expanduser()
        if not candidate.is_absolute():
            raise IntakeError("addlocalfile needs an absolute path")
        resolved = candidate.resolve()
        if not any(is_within(root, resolved) for root in self.local_roots):
            raise IntakeError(f"{path} is outside the folders NZBs may be read from")
        try:
            size = resolved.stat().st_size
            if size > self.settings.max_nzb_bytes:
                raise IntakeError(
                    f"NZB is larger than the {self.settings.max_nzb_bytes} byte limit"
                )
            data = await asyncio.to_thread(resolved.read_bytes)
        except FileNotFoundError:
            raise IntakeError(f"{path} does not exist") from None
        except IsADirectoryError:
            raise IntakeError(f"{path} is a folder, not an NZB") from None
        except OSError as exc:
            raise IntakeError(f"cannot read {path}: {exc}") from None
        return await self.add_nzb(data, resolved.name, options)


class WatchFolder:
    """Adds ``.nzb`` files dropped into a folder (SABnzbd's "watched folder").

    A file is taken once its size stayed the same for one scan (so a half-copied NZB is not
    read), then deleted; a file that is refused is renamed to ``.nzb.bad`` with the reason
    logged. A sub-folder's name is the category, as in SABnzbd.
    """

    name = "usenet-watch"

    def __init__(self, intake: Intake, folder: Path, interval: float) -> None:
        self.intake = intake
        self.folder = folder
        self.interval = interval
        self._sizes: dict[Path, int] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._task = asyncio.create_task(self._loop(), name="usenet-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                await self.scan()
            except Exception:
                log.exception("watched folder scan failed")
            await asyncio.sleep(self.interval)

    async def scan(self) -> int:
        """One pass; returns how many NZBs were added."""
        added = 0
        seen: dict[Path, int] = {}
        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or not path.name.lower().endswith((".nzb", ".nzb.gz")):
                continue
            size = path.stat().st_size
            seen[path] = size
            if self._sizes.get(path) != size:
                continue
            relative = path.parent.relative_to(self.folder)
            category = relative.parts[0] if relative.parts else None
            try:
                data = path.read_bytes()
                await self.intake.add_nzb(data, path.name, AddOptions(category=category))
            except IntakeError as exc:
                log.warning("watched folder: %s refused: %s", path.name, exc)
                path.rename(path.with_name(path.name + ".bad"))
            else:
                path.unlink(missing_ok=True)
                added += 1
            seen.pop(path, None)
        self._sizes = seen
        return added
