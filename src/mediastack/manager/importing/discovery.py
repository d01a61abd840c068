"""Finding the video files of a download, and recognising what must not be imported.

Never trusts the download: the folder must lie inside an allowed root (``confine``),
symlinks are never followed (a link to ``/etc`` or to another user's files is refused, not
read), extras and sample folders are skipped, and an unfinished unpack is reported so the
import waits instead of importing half a season.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mediastack.core.fs import PathEscapeError, confine
from mediastack.manager.library.media_files import VIDEO_EXTENSIONS

__all__ = [
    "DiscoveredFile",
    "Discovery",
    "discover",
    "is_sample",
    "unpacking_reason",
]

SKIPPED_FOLDERS = frozenset(
    {
        "extras", "featurettes", "behind the scenes", "deleted scenes", "interviews",
        "scenes", "shorts", "trailers", "other", "@eadir", ".@__thumb", "#recycle",
        "subs", "subtitles",
    }
)  # fmt: skip
PARTIAL_SUFFIXES = (".!qb", ".!ut", ".part", ".partial", ".crdownload", ".!bt", ".aria2")
_SAMPLE_WORD = re.compile(r"(?<![a-z0-9])sample(?![a-z0-9])", re.IGNORECASE)
SAMPLE_SIZE_LIMIT = 70 * 1024 * 1024  # the originals' limit when media info is unavailable
SAMPLE_FRACTION = 0.3  # a "sample" this much smaller than the main file is certainly one


@dataclass(frozen=True, slots=True)
class DiscoveredFile:
    path: Path
    relative_path: str  # below the folder that was scanned (the release folder)
    size: int
    mtime: float
    largest_in_release: int  # size of the biggest video beside it (sample detection)
    folder_name: str  # the release folder's name, which often parses better than the file


@dataclass(frozen=True, slots=True)
class Discovery:
    root: Path | None
    files: list[DiscoveredFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    error: str | None = None


def _allowed(path: str | os.PathLike[str], roots: Sequence[Path]) -> Path | None:
    for root in roots:
        try:
            return confine(root, path)
        except PathEscapeError:
            continue
    return None


def unpacking_reason(folder: Path) -> str | None:
    """Why the content is not ready yet: an unpack in progress, or partial download files."""
    for part in folder.parts:
        if part.startswith(("_UNPACK_", "_FAILED_")):
            return f"Still unpacking ({part})" if part.startswith("_UNPACK_") else "Unpack failed"
    if not folder.is_dir():
        return None
    for _current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(PARTIAL_SUFFIXES):
                return f"Download is not finished: partial file '{name}'"
        for d in dirs:
            if d.startswith("_UNPACK_"):
                return f"Still unpacking ({d})"
    return None


def is_sample(name: str, size: int, largest: int) -> bool:
    """A file named "sample" that is small, absolutely or next to the main file."""
    if not _SAMPLE_WORD.search(name):
        return False
    return size < SAMPLE_SIZE_LIMIT or (largest > 0 and size < largest * SAMPLE_FRACTION)


def _walk(folder: Path) -> Iterable[tuple[Path, bool]]:
    """Every file below ``folder``; ``True`` marks a symlink (reported, never followed)."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        keep = []
        for d in dirs:
            if d.startswith(".") or d.lower() in SKIPPED_FOLDERS:
                continue
            if (Path(current) / d).is_symlink():
                yield Path(current) / d, True
                continue
            keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            path = Path(current) / name
            yield path, path.is_symlink()


def discover(
    source: str | os.PathLike[str],
    allowed_roots: Sequence[Path],
    extensions: Iterable[str] = VIDEO_EXTENSIONS,
) -> Discovery:
    """The importable video files at ``source`` (a folder or one file)."""
    raw = os.fspath(source)
    if not raw or not Path(raw).is_absolute():
        return Discovery(None, error=f"Path '{raw}' must be absolute")
    if ".." in Path(raw).parts:
        return Discovery(None, error=f"Path '{raw}' must not contain '..'")
    if Path(raw).is_symlink():
        return Discovery(None, error=f"Path '{raw}' is a symbolic link")
    resolved = _allowed(raw, allowed_roots)
    if resolved is None:
        return Discovery(None, error=f"Path '{raw}' is outside the allowed folders")
    if not resolved.exists():
        return Discovery(resolved, error=f"Path '{raw}' does not exist")
    wanted = {e.lower() for e in extensions}
    found: list[tuple[Path, os.stat_result]] = []
    refused: list[tuple[str, str]] = []
    base = resolved if resolved.is_dir() else resolved.parent
    entries = _walk(resolved) if resolved.is_dir() else [(resolved, False)]
    for path, is_link in entries:
        if path.suffix.lower() not in wanted and not is_link:
            continue  # extras (.nfo, .txt, .url, .srt) are handled beside their video
        if is_link:
            refused.append((str(path), "Symbolic links are not imported"))
            continue
        if _allowed(path, [base]) is None:
            refused.append((str(path), "File is outside the download folder"))
            continue
        try:
            stat = path.stat()
        except OSError as exc:
            refused.append((str(path), f"Unreadable: {exc.strerror}"))
            continue
        found.append((path, stat))
    largest = max((s.st_size for _, s in found), default=0)
    files = [
        DiscoveredFile(
            path=p,
            relative_path=p.relative_to(base).as_posix(),
            size=s.st_size,
            mtime=s.st_mtime,
            largest_in_release=largest,
            folder_name=base.name,
        )
        for p, s in found
    ]
    return Discovery(resolved, files, refused)
