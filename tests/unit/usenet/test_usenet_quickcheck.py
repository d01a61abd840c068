"""The quick check: par2 descriptions' lengths and holes, without reading the files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mediastack.usenet.engine.postprocess.par2 import find_par2
from mediastack.usenet.engine.postprocess.quickcheck import has_hole, incomplete_files


def _par2_set(folder: Path) -> Path:
    for name, size in (("a.bin", 300_000), ("b.bin", 200_000)):
        (folder / name).write_bytes(os.urandom(size))
    subprocess.run(
        [find_par2(), "c", "-q", "-q", "-s65536", "-r5", "set.par2", "a.bin", "b.bin"],
        cwd=folder,
        check=True,
    )
    return folder / "set.par2"


def test_a_stretch_never_written_is_a_hole(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    whole.write_bytes(os.urandom(200_000))
    assert not has_hole(whole, 200_000)
    sparse = tmp_path / "sparse"
    with sparse.open("wb") as handle:
        handle.truncate(200_000)  # grown to the announced length, as the assembler does
        handle.write(os.urandom(64 * 1024))
        handle.seek(128 * 1024)
        handle.write(os.urandom(200_000 - 128 * 1024))
    assert has_hole(sparse, 200_000)


def test_every_described_file_must_be_there_whole_and_of_its_length(tmp_path: Path) -> None:
    index = _par2_set(tmp_path)
    assert incomplete_files(tmp_path, [index]) == []
    data = (tmp_path / "b.bin").read_bytes()
    with (tmp_path / "b.bin").open("wb") as handle:  # same length, a stretch unwritten
        handle.truncate(len(data))
        handle.write(data[:65536])
        handle.seek(131072)
        handle.write(data[131072:])
    assert incomplete_files(tmp_path, [index]) == ["b.bin"]
    (tmp_path / "b.bin").write_bytes(data[:-1])
    assert incomplete_files(tmp_path, [index]) == ["b.bin"]
    (tmp_path / "a.bin").unlink()
    assert incomplete_files(tmp_path, [index]) == ["a.bin", "b.bin"]
    assert incomplete_files(tmp_path, []) == []
