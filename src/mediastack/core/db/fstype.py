"""Which file system a path lives on, from /proc/mounts.

SQLite's WAL needs shared memory that SMB and NFS cannot provide; the seed keeps every
service's config on an SMB share, so this is checked at every start rather than assumed.
"""

from __future__ import annotations

from pathlib import Path

NETWORK_FILE_SYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "fuse.rclone", "ceph", "glusterfs"}
)


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The type of the mount holding ``path`` (longest matching mount point), or None."""
    try:
        lines = mounts_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    target = path.resolve()
    best: tuple[int, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = Path(_unescape(fields[1]))
        if target == mount_point or mount_point in target.parents:
            depth = len(mount_point.parts)
            if best is None or depth > best[0]:
                best = (depth, fields[2])
    return best[1] if best else None


def is_network_filesystem(path: Path, mounts_file: Path = Path("/proc/mounts")) -> bool:
    return filesystem_type(path, mounts_file) in NETWORK_FILE_SYSTEMS
