"""Backups: consistent SQLite copies, allow-listed restores, retention."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from mediastack.core.backup import (
    STAGED_RESTORE,
    BackupError,
    BackupTarget,
    BackupType,
    apply_staged_restore,
    create_backup,
    find_backup,
    list_backups,
    prune_backups,
    stage_restore,
)


@pytest.fixture
def target(tmp_path: Path) -> BackupTarget:
    (tmp_path / "config.yaml").write_text("auth:\n  api_key: abc\n")
    db = tmp_path / "sonarr.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE t (v TEXT)")
        connection.execute("INSERT INTO t VALUES ('before')")
    return BackupTarget(app="sonarr", config_dir=tmp_path, sqlite_path=db)


def rows(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute("SELECT v FROM t")]


def test_backup_then_restore_brings_back_config_and_data(target: BackupTarget) -> None:
    made = create_backup(target)
    assert made.type is BackupType.MANUAL and made.path.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(made.path) as archive:
        assert sorted(archive.namelist()) == ["config.yaml", "sonarr.db"]
    (target.config_dir / "config.yaml").write_text("auth:\n  api_key: changed\n")
    assert target.sqlite_path is not None
    with sqlite3.connect(target.sqlite_path) as connection:
        connection.execute("UPDATE t SET v = 'after'")
    stage_restore(target, made.path)
    assert rows(target.sqlite_path) == ["after"]  # nothing changes until the next start
    assert apply_staged_restore(target)
    assert rows(target.sqlite_path) == ["before"]
    assert "abc" in (target.config_dir / "config.yaml").read_text()
    assert not (target.config_dir / STAGED_RESTORE).exists()
    assert not apply_staged_restore(target)


def hostile_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "members",
    [
        {"config.yaml": b"", "../../etc/cron.d/x": b"boom"},
        {"config.yaml": b"", "/abs/path": b"x"},
        {"sonarr.db": b"no config"},
        {"config.yaml": b"", "extra.txt": b"x"},
    ],
)
def test_restore_refuses_unexpected_members(
    target: BackupTarget, tmp_path: Path, members: dict[str, bytes]
) -> None:
    archive = hostile_zip(tmp_path / "evil.zip", members)
    with pytest.raises(BackupError):
        stage_restore(target, archive)
    assert not (target.config_dir / STAGED_RESTORE).exists()


def test_restore_refuses_garbage(target: BackupTarget, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip")
    with pytest.raises(BackupError, match="not a zip"):
        stage_restore(target, junk)


def test_postgres_backup_has_config_only(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("x: 1\n")
    target = BackupTarget(app="radarr", config_dir=tmp_path, sqlite_path=None)
    with zipfile.ZipFile(create_backup(target).path) as archive:
        assert archive.namelist() == ["config.yaml"]


def test_retention_prunes_only_scheduled(target: BackupTarget) -> None:
    import time

    manual = create_backup(target, BackupType.MANUAL)
    for _ in range(3):
        create_backup(target, BackupType.SCHEDULED)
        time.sleep(1.05)  # names carry the second
    assert prune_backups(target, keep=1) == 2
    kinds = sorted(b.type.value for b in list_backups(target))
    assert kinds == ["manual", "scheduled"]
    assert find_backup(target, manual.name).path == manual.path
    with pytest.raises(BackupError):
        find_backup(target, "../config.yaml")
