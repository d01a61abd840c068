"""Is a finished download whole without asking par2? SABnzbd's "quick check", our way.

Every article arriving with a good CRC says nothing of an article the NZB never listed (a
truncated or incomplete post): the file is grown to the length its articles announce, so
such an article leaves a stretch never written. SABnzbd catches that by comparing each
file's CRC with its par2 description; we ask the file system instead: a file the par2 set
describes must exist, have the described length, and have no hole (``SEEK_HOLE``), since
every byte a decoder wrote is data and a stretch nobody wrote stays sparse. That costs a
stat and a seek per file, not a read of the release. A file system that cannot report
holes says "no hole", so the check falls back to the article CRCs and lengths alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mediastack.core.fs import safe_name
from mediastack.usenet.engine.postprocess.deobfuscate import read_file_descriptions

__all__ = ["has_hole", "incomplete_files"]


def has_hole(path: Path, size: int) -> bool:
    """True when part of the first ``size`` bytes of ``path`` was never written."""
    with path.open("rb") as handle:
        try:
            return os.lseek(handle.fileno(), 0, os.SEEK_HOLE) < size
        except OSError:  # no hole reporting here
            return False


def incomplete_files(job_dir: Path, par2_files: Iterable[Path]) -> list[str]:
    """Names of the files the par2 set describes that are absent, of another length, or
    not wholly written; empty when every described file passes (or nothing describes any)."""
    wrong: set[str] = set()
    for par2_file in par2_files:
        for description in read_file_descriptions(par2_file):
            path = job_dir / safe_name(description.name)
            if not path.is_file():
                wrong.add(path.name)
                continue
            size = path.stat().st_size
            if size != description.size or has_hole(path, size):
                wrong.add(path.name)
    return sorted(wrong)
