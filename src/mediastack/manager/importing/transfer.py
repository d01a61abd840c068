"""How a file gets into the library: hardlink, copy or move, never half a file.

``auto`` keeps a torrent seeding (hardlink, or copy when links are off or impossible) and
moves what the client is done with (Usenet, or a client that allows it).
"""

from __future__ import annotations

import os
from pathlib import Path

from mediastack.core.fs import Ownership, atomic_copy, atomic_move, hardlink_or_copy
from mediastack.manager.importing.model import ImportMode


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def choose_transfer(
    mode: ImportMode,
    use_hardlinks: bool,
    protocol: str | None,
    can_move_files: bool,
    from_client: bool,
) -> str:
    """``move``, ``copy`` or ``link`` for an import in ``mode``."""
    if mode == ImportMode.MOVE:
        return "move"
    if mode == ImportMode.AUTO and (not from_client or can_move_files or protocol == "usenet"):
        return "move"
    return "link" if use_hardlinks else "copy"


def place(source: Path, destination: Path, transfer: str, ownership: Ownership | None) -> bool:
    """Put ``source`` at ``destination``; True when the result is a hardlink.

    A destination that already is the source (a re-run after a crash) is left as it is.
    """
    if destination.exists() and same_file(source, destination):
        return transfer != "move"
    if transfer == "move":
        atomic_move(source, destination, ownership)
        return False
    if transfer == "copy":
        atomic_copy(source, destination, ownership)
        return False
    return bool(hardlink_or_copy(source, destination, ownership))
