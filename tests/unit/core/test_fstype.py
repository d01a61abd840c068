"""Detecting network file systems from /proc/mounts."""

from __future__ import annotations

from pathlib import Path

from mediastack.core.db.fstype import filesystem_type, is_network_filesystem

MOUNTS = """\
overlay / overlay rw 0 0
//192.168.8.221/media-shared-storage /config cifs rw,nobrl 0 0
/dev/sda1 /config/local ext4 rw 0 0
server:/export /media\\040library nfs4 rw 0 0
"""


def test_longest_mount_point_wins(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    assert filesystem_type(Path("/config/sonarr"), mounts) == "cifs"
    assert is_network_filesystem(Path("/config/sonarr"), mounts)
    assert filesystem_type(Path("/config/local/db"), mounts) == "ext4"
    assert not is_network_filesystem(Path("/config/local/db"), mounts)
    assert filesystem_type(Path("/media library/tv"), mounts) == "nfs4"
    assert filesystem_type(Path("/srv"), mounts) == "overlay"


def test_unreadable_mounts_is_not_fatal(tmp_path: Path) -> None:
    assert filesystem_type(Path("/x"), tmp_path / "missing") is None
