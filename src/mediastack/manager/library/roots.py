"""The configured root folders, and removing an item's folder only when it lies inside one.

Deleting a library item "with files" is the one place a manager removes a whole folder
tree; the check that the folder is strictly inside a root folder (and is not a symlink
pointing elsewhere) is shared so no media kind can get it subtly wrong.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from sqlalchemy import select

from mediastack.core.db import Database
from mediastack.manager.library.folders import containing_root
from mediastack.manager.root_folders import RootFolderRow

log = logging.getLogger(__name__)


def root_folder_paths(database: Database) -> list[str]:
    """Every configured root folder path, as stored."""
    with database.session() as session:
        return list(session.execute(select(RootFolderRow.path)).scalars())


def remove_item_folder(raw: str, roots: list[str]) -> bool:
    """Remove ``raw`` recursively if it is a real folder strictly inside a root folder.

    Returns whether anything was removed; a folder outside every root (or a symlink) is
    left alone and logged, never an exception, because the library row is already gone.
    """
    folder = Path(raw)
    resolved = folder.resolve()
    if folder.is_symlink() or containing_root(resolved, roots) is None:
        log.warning("not deleting %s: it is not inside a root folder", folder)
        return False
    if not resolved.is_dir():
        return False
    shutil.rmtree(resolved)
    return True
