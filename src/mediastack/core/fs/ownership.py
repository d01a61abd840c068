"""PUID / PGID / umask for everything a service writes.

On an SMB share the owner is fixed by the mount options, so a mismatch is reported once
rather than "fixed" with a slow and useless ``chown -R``.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Ownership:
    """Who owns written files and which permission bits they get."""

    uid: int | None = None
    gid: int | None = None
    umask: int = 0o022

    def file_mode(self) -> int:
        return 0o666 & ~self.umask

    def dir_mode(self) -> int:
        return 0o777 & ~self.umask


def apply_ownership(path: Path, ownership: Ownership) -> None:
    """Apply mode bits and, when we may, owner and group to one file or folder."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return
    mode = ownership.dir_mode() if stat.S_ISDIR(st.st_mode) else ownership.file_mode()
    if stat.S_IMODE(st.st_mode) != mode:
        os.chmod(path, mode)
    uid = -1 if ownership.uid is None or ownership.uid == st.st_uid else ownership.uid
    gid = -1 if ownership.gid is None or ownership.gid == st.st_gid else ownership.gid
    if uid == -1 and gid == -1:
        return
    try:
        os.chown(path, uid, gid)
    except PermissionError:
        log.warning(
            "cannot give %s to uid=%s gid=%s: the service runs as uid=%s; "
            "set PUID/PGID to the user the storage is mounted for",
            path,
            ownership.uid,
            ownership.gid,
            os.getuid(),
        )
