"""The final move: every file into the complete folder, one directory fsync per folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediastack.usenet.engine.postprocess.cleanup import move_to_complete


def test_files_move_with_one_directory_fsync_per_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = tmp_path / "incomplete" / "job"
    (job / ".admin").mkdir(parents=True)
    (job / ".admin" / "progress.log").write_text("kept behind")
    (job / "sub").mkdir()
    names = [f"part{n}.bin" for n in range(5)]
    for name in names:
        (job / name).write_bytes(name.encode())
    (job / "sub" / "extra.nfo").write_text("nfo")
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = move_to_complete(job, tmp_path / "complete", "tv", "My Job", skip=".admin")
    assert target == (tmp_path / "complete" / "tv" / "My Job").resolve()
    assert sorted(p.name for p in target.iterdir()) == [*names, "sub"]
    assert all((target / name).read_bytes() == name.encode() for name in names)
    assert (target / "sub" / "extra.nfo").read_text() == "nfo"
    assert sorted(synced) == sorted([str(target), str(target / "sub")])
    assert (job / ".admin" / "progress.log").exists()  # the caller deletes the job folder
    assert not (job / "part0.bin").exists()
