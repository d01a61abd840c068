"""The recycle bin: where replaced and deleted media files go instead of vanishing.

Nothing is deleted without a recycle bin or a history record (ARCHITECTURE.md). With a
recycle bin configured, a file is *moved* there (atomically, below a folder named after the
item so two series' ``S01E01`` never collide) and its modification time set to now so the
cleanup counts days from the deletion. Without one, the originals delete the file; so do we,
and the caller records that in history.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from mediastack.core.fs import Ownership, atomic_move, confine, safe_name

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recycled:
    """What happened to a file: moved to ``destination``, or deleted (``None``)."""

    original: Path
    destination: Path | None


class RecycleBin:
    def __init__(self, path: str | None, ownership: Ownership | None = None) -> None:
        self.path = Path(path) if path else None
        self._ownership = ownership

    def recycle(self, file: Path, subfolder: str = "") -> Recycled:
        """Move ``file`` into the bin (``<bin>/<subfolder>/<name>``), or delete it without one."""
        if self.path is None:
            file.unlink(missing_ok=True)
            log.info("deleted %s (no recycle bin configured)", file)
            return Recycled(file, None)
        folder = self.path
        for part in Path(subfolder).parts:
            folder = folder / safe_name(part)
        target = confine(self.path, folder / safe_name(file.name))
        stem, suffix = target.stem, target.suffix
        counter = 1
        while target.exists():
            target = target.with_name(f"{stem} ({counter}){suffix}")
            counter += 1
        atomic_move(file, target, self._ownership)
        now = time.time()
        os.utime(target, (now, now))
        log.info("recycled %s to %s", file, target)
        return Recycled(file, target)

    def cleanup(self, older_than_days: int) -> int:
        """Remove files that have been in the bin longer than the configured days (0: never)."""
        if self.path is None or older_than_days <= 0 or not self.path.is_dir():
            return 0
        cutoff = time.time() - older_than_days * 86400
        removed = 0
        for current, dirs, files in os.walk(self.path, topdown=False, followlinks=False):
            for name in files:
                item = Path(current) / name
                try:
                    if item.lstat().st_mtime < cutoff:
                        item.unlink()
                        removed += 1
                except OSError:
                    continue
            for name in dirs:
                folder = Path(current) / name
                try:
                    if not folder.is_symlink() and not any(folder.iterdir()):
                        folder.rmdir()
                except OSError:
                    continue
        return removed
