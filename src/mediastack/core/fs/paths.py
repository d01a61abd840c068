"""Root confinement and file-name sanitising."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath


class PathEscapeError(ValueError):
    """A path would leave the root it was confined to."""


# Characters no file name on Linux, SMB or Windows clients may safely carry.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED_WINDOWS = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_MAX_NAME_BYTES = 255


def safe_name(name: str, replacement: str = "_") -> str:
    """Make one path component safe to create on every file system we may be mounted on.

    Hostile names (``..``, control characters, separators, Windows device names, over-long
    names) come from NZBs, torrents and indexers; they are rewritten, never trusted.
    """
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = _FORBIDDEN.sub(replacement, cleaned).strip().rstrip(".")
    if cleaned in {"", ".", ".."}:
        cleaned = replacement
    if cleaned.split(".", 1)[0].upper() in _RESERVED_WINDOWS:
        cleaned = replacement + cleaned
    encoded = cleaned.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        stem, dot, ext = cleaned.rpartition(".")
        keep_ext = dot and 0 < len(ext.encode()) <= 16
        suffix = f".{ext}" if keep_ext else ""
        budget = _MAX_NAME_BYTES - len(suffix.encode("utf-8"))
        base = (stem if keep_ext else cleaned).encode("utf-8")[:budget]
        cleaned = base.decode("utf-8", errors="ignore") + suffix
    return cleaned


def is_within(root: Path, path: Path) -> bool:
    """True when ``path`` (already resolved) is ``root`` (already resolved) or below it."""
    return path == root or root in path.parents


def confine(root: str | os.PathLike[str], candidate: str | os.PathLike[str]) -> Path:
    """Resolve ``candidate`` against ``root`` and refuse anything that escapes it.

    ``candidate`` may be relative (joined to ``root``) or absolute (must already lie under
    ``root``). Symlinks are resolved before the check, so a link pointing outside is refused
    just like ``..``. Windows-style separators are treated as separators too, because names
    from NZBs and archives written on Windows use them.
    """
    root_path = Path(root).resolve()
    raw = os.fspath(candidate)
    if "\x00" in raw:
        raise PathEscapeError(f"path contains a NUL byte: {raw!r}")
    parts = PureWindowsPath(raw).parts if "\\" in raw else PurePosixPath(raw).parts
    if raw.startswith(("/", "\\")) or PureWindowsPath(raw).drive:
        joined = Path(raw.replace("\\", "/")) if not PureWindowsPath(raw).drive else None
        if joined is None:
            raise PathEscapeError(f"absolute path outside {root_path}: {raw!r}")
    else:
        joined = root_path.joinpath(*[p for p in parts if p not in ("", ".")])
    resolved = joined.resolve()
    if not is_within(root_path, resolved):
        raise PathEscapeError(f"path escapes {root_path}: {raw!r}")
    return resolved
