"""Giving a downloading session's freed C heap back to the system (glibc; a no-op elsewhere).

libtorrent receives every 16 KiB block into its own ``malloc`` buffer and frees it once the
block is written and hashed. Under glibc a burst of those buffers leaves the threads' arenas
full of free chunks that stay resident: 30-60 MiB after a 1 GiB download in our
measurements (``docs/benchmarks.md``). ``malloc_trim`` returns the free pages; it costs a
few milliseconds, so :class:`HeapTrimmer` calls it only while payload moves and once after.
Capping the number of arenas (``MALLOC_ARENA_MAX=2``) was measured too and made it worse:
libtorrent's buffers then share the main arena with Python's objects and less can be trimmed.

Trimming comes after the fact, though: the peak of a download is the blocks in flight plus
the free chunks they left behind, which the arenas keep until the next trim.
:func:`map_large_blocks` lowers glibc's mmap threshold to one block, so a block that cannot
be carved from free arena space is mapped on its own and unmapped when freed: the peak
during a 1 GiB download fell by ~40 MiB (median of 3 interleaved runs each: 159 to 113
MiB), for up to ~1 CPU s more per GiB on a loaded machine (the mapping's page faults).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def _glibc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the C library the interpreter is linked against
        libc.malloc_trim  # noqa: B018 - probe: musl has no malloc_trim
    except (OSError, AttributeError):
        return None
    return libc


_M_MMAP_THRESHOLD = -3
"""``mallopt`` parameter number (glibc ``malloc.h``)."""

BLOCK_SIZE = 16 * 1024
"""libtorrent's block: the unit every received and every sent piece buffer is allocated in."""


def map_large_blocks(threshold: int = BLOCK_SIZE) -> bool:
    """Have glibc map allocations of ``threshold`` bytes and more on their own.

    Process-wide, so it is called once, when the service starts. An operator's own
    ``MALLOC_MMAP_THRESHOLD_`` wins (glibc reads it at start; we leave it alone). True when
    the threshold was set.
    """
    libc = _glibc()
    if libc is None or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, threshold))


def trim_heap() -> bool:
    """Give free heap pages back to the system; True when glibc released some."""
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))


class HeapTrimmer:
    """A periodic task: trims when payload moved since its last run, and once after.

    ``moved`` reads a running count of payload bytes (received + sent); the caller decides
    the pace by how often it calls.
    """

    def __init__(self, moved: Callable[[], int], trim: Callable[[], bool] = trim_heap) -> None:
        self._moved = moved
        self._trim = trim
        self._last = moved()
        self._active = False

    def __call__(self) -> None:
        now = self._moved()
        moving = now != self._last
        self._last = now
        if moving or self._active:
            self._trim()
        self._active = moving
