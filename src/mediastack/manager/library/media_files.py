"""Finding the media files under an item's folder, the first step of every rescan, and
what a rescan reports."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

VIDEO_EXTENSIONS = frozenset(
    {
        ".mkv", ".mp4", ".m4v", ".avi", ".wmv", ".mov", ".mpg", ".mpeg", ".ts", ".m2ts",
        ".webm", ".flv", ".ogm", ".divx", ".xvid", ".3gp", ".vob", ".iso", ".img",
    }
)  # fmt: skip
_SKIPPED_FOLDERS = frozenset({"@eadir", ".@__thumb", "extras", "featurettes", "#recycle"})


log = logging.getLogger(__name__)
PlacedT = TypeVar("PlacedT")


@dataclass(frozen=True, slots=True)
class ScanResult:
    """File rows a rescan added and removed, and files it found but could not place."""

    added: int
    removed: int
    unmatched: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    def log(self, title: str) -> None:
        log.info(
            "rescan of %s: %d added, %d removed, %d not matched",
            title,
            self.added,
            self.removed,
            self.unmatched,
        )


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: Path
    relative_path: str
    size: int


def place_files(
    folder: Path, place: Callable[[FoundFile], PlacedT | None], extensions: Iterable[str]
) -> tuple[list[PlacedT], int]:
    """The media files below ``folder`` that ``place`` recognises (what it makes of each),
    and how many it could not place."""
    placed: list[PlacedT] = []
    unmatched = 0
    for item in find_files(folder, extensions):
        found = place(item)
        if found is None:
            unmatched += 1
        else:
            placed.append(found)
    return placed, unmatched


def find_files(folder: Path, extensions: Iterable[str] = VIDEO_EXTENSIONS) -> list[FoundFile]:
    """Media files below ``folder`` (hidden and NAS metadata folders skipped, links not
    followed out of the folder), sorted by relative path for stable results."""
    wanted = {e.lower() for e in extensions}
    found: list[FoundFile] = []
    if not folder.is_dir():
        return found
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d.lower() not in _SKIPPED_FOLDERS]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in wanted:
                continue
            path = Path(current) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            if not path.is_file() or path.is_symlink():
                continue
            found.append(FoundFile(path, path.relative_to(folder).as_posix(), stat.st_size))
    found.sort(key=lambda f: f.relative_path)
    return found
