"""Where a library item's folder may be: strictly inside one of the configured root folders.

Every path a client sends (``path`` on add or update, ``rootFolderPath``, a folder to
import, a folder to delete) goes through here, so a hostile or mistaken path can never
make the service write to, scan or delete something outside the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mediastack.core.fs import is_within, safe_name


class LibraryPathError(ValueError):
    """A path is not inside any root folder (or is a root folder itself)."""


def resolve_absolute(raw: str) -> Path:
    if not raw or not raw.strip():
        raise LibraryPathError("Path must not be empty")
    if "\x00" in raw:
        raise LibraryPathError("Path must not contain NUL bytes")
    path = Path(raw.strip())
    if not path.is_absolute():
        raise LibraryPathError(f"Path '{raw}' must be absolute")
    return path.resolve()


def containing_root(path: Path, roots: Iterable[str | Path]) -> Path | None:
    """The root folder ``path`` lies strictly below, if any (both resolved)."""
    for raw in roots:
        root = Path(raw).resolve()
        if path != root and is_within(root, path):
            return root
    return None


def item_path(raw: str, roots: Iterable[str | Path]) -> tuple[Path, Path]:
    """(``path``, its root folder) for a client-given item folder, or ``LibraryPathError``."""
    path = resolve_absolute(raw)
    root = containing_root(path, roots)
    if root is None:
        raise LibraryPathError(f"Path '{raw}' is not inside a root folder")
    return path, root


def configured_root(raw: str, roots: Iterable[str | Path]) -> Path:
    """A client-given ``rootFolderPath``, which must be one of the configured root folders."""
    path = resolve_absolute(raw)
    for root in roots:
        if Path(root).resolve() == path:
            return path
    raise LibraryPathError(f"Root folder '{raw}' is not a configured root folder")


def folder_name(title: str, year: int | None = None, with_year: bool = False) -> str:
    """The item's folder name: its title made safe for every file system we may sit on."""
    name = f"{title} ({year})" if with_year and year else title
    return safe_name(name.replace(":", " -").replace("  ", " "))
