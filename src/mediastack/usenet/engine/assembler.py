"""Decoded parts land straight in their final files, at the offsets yEnc declares.

There is no join step: every part lands where it belongs, so a finished download is the
finished file. Each posted file gets one ``sabctools.FileWriter``, which the connection
threads' decoders write into directly (positional writes, several threads at once, no
lock); the file is grown to its announced size on the first part and flushed on demand so
that :mod:`state` can record a part as finished only once its bytes are durable.

Growing reserves the file's blocks at once (``fallocate``: unwritten extents, no data
written) instead of leaving it sparse. The file system then allocates once per file rather
than on every page the decoders write (a quarter less kernel time per written GB here), a
full disk fails the job at its first article rather than half-way, and the file lands in
one piece. Stretches nobody wrote still read as holes (``SEEK_HOLE``), which the quick
check relies on. Where the file system cannot reserve, the file is grown sparse.

The offsets and sizes come from the article, i.e. from the network. A part that claims a
file size the NZB cannot account for, or lands outside the file, is refused: the file is
cut back to its real length, so a hostile header cannot leave a huge sparse file behind.
"""

from __future__ import annotations

import ctypes
import errno
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import sabctools

from mediastack.core.fs import confine, safe_name
from mediastack.usenet.engine.decoder import DecodedPart

__all__ = ["Assembler", "AssemblyError"]


class AssemblyError(ValueError):
    """A decoded part does not fit the file it claims to belong to."""


def _libc_fallocate() -> Callable[[int, int, int, int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).fallocate
    except (OSError, AttributeError):  # not Linux (no fallocate(2)): sparse files
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
    function.restype = ctypes.c_int
    return cast(Callable[[int, int, int, int], int], function)


_FALLOCATE = _libc_fallocate()


def _grow(fd: int, size: int) -> None:
    """Make the file ``size`` bytes long with its blocks reserved (see the module doc).

    Only fallocate(2) itself, never posix_fallocate, whose fallback writes zeros through
    the whole file where the file system cannot reserve (NFS, some FUSE).
    """
    if _FALLOCATE is not None and size > 0:
        if _FALLOCATE(fd, 0, 0, size) == 0:
            return
        code = ctypes.get_errno()
        if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise OSError(code, os.strerror(code))
    os.ftruncate(fd, size)


@dataclass(slots=True)
class _OpenFile:
    writer: sabctools.FileWriter
    fd: int
    """Our own descriptor of the same file: length changes and fdatasync."""
    size: int
    """The length the articles announce (0 until the first part arrives)."""
    floor: int
    """The file's length when opened: what a refused part may be cut back to."""
    dirty: bool = False


class Assembler:
    """Owns the open output files of one job folder. Thread-safe."""

    def __init__(self, job_dir: Path, reserved: frozenset[str] = frozenset()) -> None:
        job_dir.mkdir(parents=True, exist_ok=True)
        self.job_dir = job_dir.resolve()
        self._reserved = reserved
        self._files: dict[str, _OpenFile] = {}
        self._lock = threading.Lock()

    def path_for(self, name: str) -> Path:
        """Where a posted file lands: a safe name directly inside the job folder.

        Names the engine keeps for itself (its bookkeeping folder) get a ``_`` prefix, so
        a hostile NZB cannot collide with them.
        """
        safe = safe_name(name)
        if safe.lower() in self._reserved:
            safe = f"_{safe}"
        return confine(self.job_dir, safe)

    def _handle(self, name: str) -> _OpenFile:
        with self._lock:
            handle = self._files.get(name)
            if handle is None:
                path = self.path_for(name)
                # O_NOFOLLOW: a link planted in the job folder must not redirect the write;
                # the writer opens the same, now checked, path.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
                try:
                    writer = sabctools.FileWriter(path)
                except BaseException:
                    os.close(fd)
                    raise
                floor = os.fstat(fd).st_size
                handle = self._files[name] = _OpenFile(writer, fd, 0, floor)
            return handle

    def writer(self, name: str) -> sabctools.FileWriter:
        """The file a decoder writes ``name``'s articles into (opened on first use)."""
        return self._handle(name).writer

    def accept(self, name: str, part: DecodedPart, max_size: int) -> None:
        """Check a part already decoded into the file; refuse it if it does not fit.

        The first part fixes the file's length (grown sparse to it). A refused part may
        have extended the file, which is cut back; its bytes inside the file are rewritten
        by whatever copy or repair replaces it.
        """
        handle = self._handle(name)
        with self._lock:
            problem = self._misfit(name, handle, part, max_size)
            if problem is None:
                if not handle.size:
                    handle.size = part.file_size
                    if os.fstat(handle.fd).st_size < part.file_size:
                        _grow(handle.fd, part.file_size)
                handle.dirty = True
                return
            limit = handle.size or handle.floor
            if os.fstat(handle.fd).st_size > limit:
                os.ftruncate(handle.fd, limit)
        raise AssemblyError(problem)

    @staticmethod
    def _misfit(name: str, handle: _OpenFile, part: DecodedPart, max_size: int) -> str | None:
        if not handle.size and (part.file_size <= 0 or part.file_size > max_size):
            return f"{name}: article announces {part.file_size} bytes, NZB allows {max_size}"
        if handle.size and part.file_size != handle.size:
            return f"{name}: article says {part.file_size} bytes, earlier {handle.size}"
        if part.offset < 0 or part.end > part.file_size:
            return f"{name}: part {part.offset}..{part.end} outside {part.file_size} bytes"
        return None

    def write(self, name: str, part: DecodedPart, max_size: int) -> None:
        """Write a part the decoder handed back as bytes (no sink), then accept it."""
        if part.data is None:
            raise AssemblyError(f"{name}: part {part.offset} carries no data")
        handle = self._handle(name)
        if self._misfit(name, handle, part, max_size) is None:
            handle.writer.write(part.data, part.offset)
        self.accept(name, part, max_size)

    def sync(self) -> None:
        """Make every byte written so far durable (blocking)."""
        with self._lock:
            dirty = [h for h in self._files.values() if h.dirty]
            for handle in dirty:
                handle.dirty = False
        for handle in dirty:
            os.fdatasync(handle.fd)

    def close(self) -> None:
        """Close every file, waiting for writes in flight; files reopen on use.

        No flush: durability is :mod:`state`'s business (it syncs before it records), and a
        forced write-back of a whole release would only delay the next stage.
        """
        with self._lock:
            handles = list(self._files.values())
            self._files.clear()
        for handle in handles:
            handle.writer.close()
            os.close(handle.fd)
