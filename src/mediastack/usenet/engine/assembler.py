"""Write decoded parts straight into their final files, at the offsets yEnc declares.

There is no join step: every part lands where it belongs, so a finished download is the
finished file. Files are opened once, grown to their announced size (sparse, so no disk is
spent on holes), written with ``os.pwrite`` from worker threads and flushed on demand so
that :mod:`state` can record a part as finished only once its bytes are durable.

The offsets and sizes come from the article, i.e. from the network: a part that claims a
file size the NZB cannot account for, or lands outside the file, is refused rather than
allowed to create a huge sparse file.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from mediastack.core.fs import confine, safe_name
from mediastack.usenet.engine.decoder import DecodedPart

__all__ = ["Assembler", "AssemblyError"]


class AssemblyError(ValueError):
    """A decoded part does not fit the file it claims to belong to."""


@dataclass(slots=True)
class _OpenFile:
    fd: int
    size: int
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

    def _open(self, name: str, file_size: int, max_size: int) -> _OpenFile:
        with self._lock:
            handle = self._files.get(name)
            if handle is None:
                if file_size <= 0 or file_size > max_size:
                    raise AssemblyError(
                        f"{name}: article announces {file_size} bytes, NZB allows {max_size}"
                    )
                # O_NOFOLLOW: a link planted in the job folder must not redirect the write.
                flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW
                fd = os.open(self.path_for(name), flags, 0o666)
                if os.fstat(fd).st_size < file_size:
                    os.ftruncate(fd, file_size)
                handle = self._files[name] = _OpenFile(fd, file_size)
            elif file_size != handle.size:
                raise AssemblyError(
                    f"{name}: article says {file_size} bytes, earlier {handle.size}"
                )
            return handle

    def write(self, name: str, part: DecodedPart, max_size: int) -> None:
        """Write one part at its offset (blocking: call from a worker thread)."""
        handle = self._open(name, part.file_size, max_size)
        end = part.offset + len(part.data)
        if part.offset < 0 or end > handle.size:
            raise AssemblyError(f"{name}: part {part.offset}..{end} outside {handle.size} bytes")
        view = memoryview(part.data)
        written = 0
        while written < len(view):
            written += os.pwrite(handle.fd, view[written:], part.offset + written)
        handle.dirty = True

    def sync(self) -> None:
        """Make every byte written so far durable (blocking)."""
        with self._lock:
            dirty = [h for h in self._files.values() if h.dirty]
            for handle in dirty:
                handle.dirty = False
        for handle in dirty:
            os.fdatasync(handle.fd)

    def close(self) -> None:
        """Flush and close every file; the assembler can still reopen them afterwards."""
        self.sync()
        with self._lock:
            for handle in self._files.values():
                os.close(handle.fd)
            self._files.clear()
