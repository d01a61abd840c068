"""File safety: confinement, atomic moves, links and permissions."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from mediastack.core.fs import (
    Ownership,
    PathEscapeError,
    apply_ownership,
    atomic_copy,
    atomic_move,
    atomic_write,
    confine,
    free_space,
    hardlink_or_copy,
    safe_name,
    transfer,
)

SHM = Path("/dev/shm")


@pytest.mark.parametrize(
    "hostile",
    [
        "../escape.txt",
        "a/../../escape.txt",
        "..\\..\\escape.txt",
        "/etc/passwd",
        "C:\\Windows\\system.ini",
        "a/\x00/b",
    ],
)
def test_confine_refuses_escapes(tmp_path: Path, hostile: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(PathEscapeError):
        confine(root, hostile)


def test_confine_refuses_symlinks_pointing_out(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(PathEscapeError):
        confine(root, "link/secret")


def test_confine_accepts_paths_inside(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    assert confine(root, "sub/file.mkv") == (root / "sub" / "file.mkv").resolve()
    assert confine(root, "sub\\file.mkv") == (root / "sub" / "file.mkv").resolve()
    assert confine(root, str(root / "sub" / "x")) == (root / "sub" / "x").resolve()
    assert confine(root, "./a/./b") == (root / "a" / "b").resolve()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("..", "_"),
        ("a/b", "a_b"),
        ("CON.txt", "_CON.txt"),
        ("bad\x00name", "bad_name"),
        ("trailing. ", "trailing"),
        ("ok name.mkv", "ok name.mkv"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_safe_name_limits_length_and_keeps_extension() -> None:
    result = safe_name("é" * 300 + ".mkv")
    assert len(result.encode()) <= 255
    assert result.endswith(".mkv")


def test_atomic_move_same_filesystem(tmp_path: Path) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 1000)
    dst = tmp_path / "deep" / "b.bin"
    atomic_move(src, dst)
    assert not src.exists() and dst.read_bytes() == b"x" * 1000


@pytest.mark.skipif(not SHM.is_dir() or not os.access(SHM, os.W_OK), reason="needs /dev/shm")
def test_atomic_move_across_filesystems(tmp_path: Path) -> None:
    src = tmp_path / "a.bin"
    payload = os.urandom(3 * 1024 * 1024)
    src.write_bytes(payload)
    dst_dir = Path(os.environ.get("MEDIASTACK_TEST_OTHER_FS", str(SHM))) / f"ms-{os.getpid()}"
    try:
        dst = dst_dir / "b.bin"
        atomic_move(src, dst)
        assert dst.read_bytes() == payload and not src.exists()
        assert [p.name for p in dst_dir.iterdir()] == ["b.bin"]  # no temporary left behind
    finally:
        for p in dst_dir.glob("*"):
            p.unlink()
        dst_dir.rmdir()


def test_interrupted_cross_device_move_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src" / "movie.mkv"
    src.parent.mkdir()
    src.write_bytes(os.urandom(10 * 1024 * 1024))
    dst = tmp_path / "dst" / "movie.mkv"

    def cross_device(*_args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    writes = {"n": 0}
    real_open = os.fdopen

    class DyingWriter:
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def __enter__(self) -> DyingWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()  # type: ignore[attr-defined]

        def write(self, chunk: bytes) -> int:
            writes["n"] += 1
            if writes["n"] == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.inner.write(chunk)  # type: ignore[attr-defined,no-any-return]

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

    monkeypatch.setattr(transfer.os, "rename", cross_device)
    monkeypatch.setattr(transfer.os, "fdopen", lambda *a, **k: DyingWriter(real_open(*a, **k)))
    with pytest.raises(OSError, match="No space"):
        atomic_move(src, dst)
    assert not dst.exists()
    assert list(dst.parent.iterdir()) == []  # the partial copy was removed
    assert src.exists() and src.stat().st_size == 10 * 1024 * 1024  # nothing lost


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    atomic_write(path, b"old")
    atomic_write(path, b"new content")
    assert path.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_hardlink_or_copy_links_on_one_filesystem(tmp_path: Path) -> None:
    src = tmp_path / "seeding.mkv"
    src.write_bytes(b"data")
    dst = tmp_path / "media" / "Show" / "episode.mkv"
    assert hardlink_or_copy(src, dst) is True
    assert src.stat().st_ino == dst.stat().st_ino and src.exists()


@pytest.mark.skipif(not SHM.is_dir() or not os.access(SHM, os.W_OK), reason="needs /dev/shm")
def test_hardlink_or_copy_copies_across_filesystems(tmp_path: Path) -> None:
    src = tmp_path / "seeding.mkv"
    src.write_bytes(b"data" * 1000)
    dst_dir = SHM / f"ms-link-{os.getpid()}"
    try:
        dst = dst_dir / "episode.mkv"
        assert hardlink_or_copy(src, dst) is False
        assert dst.read_bytes() == src.read_bytes() and src.exists()
    finally:
        for p in dst_dir.glob("*"):
            p.unlink()
        dst_dir.rmdir()


def test_atomic_copy_never_links(tmp_path: Path) -> None:
    src = tmp_path / "a.mkv"
    src.write_bytes(b"data" * 100)
    dst = tmp_path / "lib" / "b.mkv"
    atomic_copy(src, dst)
    assert dst.read_bytes() == src.read_bytes()
    assert dst.stat().st_ino != src.stat().st_ino


def test_permissions_follow_umask(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"")
    folder = tmp_path / "d"
    folder.mkdir()
    apply_ownership(path, Ownership(umask=0o002))
    apply_ownership(folder, Ownership(umask=0o002))
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert stat.S_IMODE(folder.stat().st_mode) == 0o775
    atomic_write(tmp_path / "g", b"x", Ownership(umask=0o077))
    assert stat.S_IMODE((tmp_path / "g").stat().st_mode) == 0o600


def test_ownership_change_without_privilege_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"")

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    apply_ownership(path, Ownership(uid=path.stat().st_uid + 1, gid=None))
    assert "set PUID/PGID" in caplog.text


def test_free_space_of_missing_folder_uses_parent(tmp_path: Path) -> None:
    assert free_space(tmp_path / "not" / "yet") > 0


def test_a_failed_rename_never_closes_a_descriptor_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing a raw descriptor number after its file object closed it could close a file
    another thread opened meanwhile (seen as EBADF in a concurrent rmtree)."""
    closed: list[int] = []
    real_close = os.close

    def spying_close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    def refuse(*_args: object) -> None:
        raise OSError(errno.ENOENT, "folder removed meanwhile")

    monkeypatch.setattr(transfer.os, "close", spying_close)
    monkeypatch.setattr(transfer.os, "replace", refuse)
    with pytest.raises(OSError, match="removed meanwhile"):
        atomic_write(tmp_path / "cover.jpg", b"jpeg")
    assert closed == []
    assert list(tmp_path.iterdir()) == []  # the partial file is gone too
