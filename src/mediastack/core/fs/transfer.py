"""Moves, links and writes that never leave a half file at the destination.

A crash at any instant must leave either the old state or the new one: data is written to a
temporary name in the destination folder, flushed to disk, then renamed into place (rename is
atomic within one file system). Only after that is the source removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mediastack.core.fs.ownership import Ownership, apply_ownership

_PARTIAL_PREFIX = ".mediastack-partial-"
_COPY_CHUNK = 4 * 1024 * 1024


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # some network file systems refuse to open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _partial_file(dst: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A temporary file beside ``dst``, open for writing; removed unless renamed into place.

    The descriptor is owned by one file object whose ``close`` is idempotent: closing a
    raw descriptor twice could close a number another thread has been given meanwhile.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_PARTIAL_PREFIX, dir=dst.parent)
    tmp = Path(tmp_name)
    try:
        writer = os.fdopen(fd, "wb", closefd=True)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    try:
        yield writer, tmp
    except BaseException:
        with contextlib.suppress(OSError):
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        with contextlib.suppress(OSError):
            writer.close()


def _finish(writer: BinaryIO) -> None:
    writer.flush()
    os.fsync(writer.fileno())
    writer.close()


def _copy_into_place(src: Path, dst: Path, ownership: Ownership | None) -> None:
    with _partial_file(dst) as (writer, tmp), src.open("rb") as reader:
        while chunk := reader.read(_COPY_CHUNK):
            writer.write(chunk)
        _finish(writer)
        shutil.copystat(src, tmp)
        if ownership is not None:
            apply_ownership(tmp, ownership)
        os.replace(tmp, dst)
    _fsync_dir(dst.parent)


def atomic_write(dst: Path, data: bytes, ownership: Ownership | None = None) -> None:
    """Write ``data`` to ``dst`` so that readers see the old content or the new, never half."""
    with _partial_file(dst) as (writer, tmp):
        writer.write(data)
        _finish(writer)
        if ownership is not None:
            apply_ownership(tmp, ownership)
        os.replace(tmp, dst)
    _fsync_dir(dst.parent)


def atomic_move(src: Path, dst: Path, ownership: Ownership | None = None) -> None:
    """Move a file; across file systems copy, fsync and rename, then delete the source."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _copy_into_place(src, dst, ownership)
        src.unlink()
        return
    _fsync_dir(dst.parent)
    if ownership is not None:
        apply_ownership(dst, ownership)


def atomic_copy(src: Path, dst: Path, ownership: Ownership | None = None) -> None:
    """Copy a file (never a link) so the destination holds the old content or the whole new."""
    _copy_into_place(src, dst, ownership)


def hardlink_or_copy(src: Path, dst: Path, ownership: Ownership | None = None) -> bool:
    """Hardlink ``src`` to ``dst`` (so a torrent keeps seeding); copy when links are impossible.

    Returns True when a hardlink was made. An existing ``dst`` is replaced atomically.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    link_tmp = dst.with_name(f"{_PARTIAL_PREFIX}{os.getpid()}-{dst.name}"[:255])
    try:
        os.link(src, link_tmp)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        _copy_into_place(src, dst, ownership)
        return False
    try:
        os.replace(link_tmp, dst)
    except BaseException:
        link_tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dst.parent)
    return True


@dataclass(frozen=True, slots=True)
class DiskSpace:
    free: int  # bytes available to an unprivileged writer
    total: int


def disk_space(path: Path) -> DiskSpace:
    """Free and total bytes of the file system holding ``path`` (which must exist)."""
    stats = os.statvfs(path)
    return DiskSpace(stats.f_bavail * stats.f_frsize, stats.f_blocks * stats.f_frsize)


def nearest_existing(path: Path) -> Path:
    """``path`` or its closest existing ancestor (a folder not created yet is still on
    the file system of its parent)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe


def free_space(path: Path) -> int:
    """Bytes available to an unprivileged writer on the file system holding ``path``."""
    return disk_space(nearest_existing(path)).free
