"""The one way services touch the download and media trees.

Every path that comes from outside (an API call, an NZB, a torrent, an archive member, a
release name) passes through :func:`confine` before anything is opened, so that no input can
make a service read or write outside the roots the operator configured.
"""

from mediastack.core.fs.ownership import Ownership, apply_ownership
from mediastack.core.fs.paths import PathEscapeError, confine, is_within, safe_name
from mediastack.core.fs.transfer import (
    DiskSpace,
    atomic_copy,
    atomic_move,
    atomic_write,
    disk_space,
    free_space,
    hardlink_or_copy,
    nearest_existing,
)

__all__ = [
    "DiskSpace",
    "Ownership",
    "PathEscapeError",
    "apply_ownership",
    "atomic_copy",
    "atomic_move",
    "atomic_write",
    "confine",
    "disk_space",
    "free_space",
    "hardlink_or_copy",
    "is_within",
    "nearest_existing",
    "safe_name",
]
