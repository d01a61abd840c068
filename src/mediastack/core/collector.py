"""Holding the cyclic garbage collector off while a batch makes many short-lived objects.

A full collector pass walks every live object. A batch that builds hundreds of thousands
of records (the whole library list, an RSS feed of thousands of releases and their
decisions) triggers several such passes while a large library is loaded, and each one
walks the library again: together they cost a third of the batch. The records of such
a batch form no cycles, so reference counting frees them all the same.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_pauses = 0
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block; pauses nest (across threads too) and the collector
    runs again when the last one ends. One turned off by someone else stays off."""
    global _pauses
    with _pauses_lock:
        if _pauses == 0 and not gc.isenabled():
            paused_here = False  # someone else turned it off: leave it alone
        else:
            paused_here = True
            _pauses += 1
            gc.disable()
    try:
        yield
    finally:
        if paused_here:
            with _pauses_lock:
                _pauses -= 1
                if _pauses == 0:
                    gc.enable()
