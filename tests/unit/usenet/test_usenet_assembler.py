"""Parts land at their offsets, inside the job folder, within sizes the NZB can explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediastack.core.fs import PathEscapeError
from mediastack.usenet.engine import assembler as assembler_module
from mediastack.usenet.engine.assembler import Assembler, AssemblyError
from mediastack.usenet.engine.decoder import DecodedPart
from mediastack.usenet.engine.postprocess.quickcheck import has_hole


def part(offset: int, data: bytes, size: int = 10) -> DecodedPart:
    return DecodedPart(offset, bytearray(data), True, size, "x", len(data))


def test_parts_are_written_at_their_offsets_in_any_order(tmp_path: Path) -> None:
    assembler = Assembler(tmp_path / "job")
    assembler.write("f.bin", part(6, b"6789"), 100)
    assembler.write("f.bin", part(0, b"012345"), 100)
    assembler.close()
    assert (tmp_path / "job" / "f.bin").read_bytes() == b"0123456789"


def test_out_of_range_and_inconsistent_parts_are_refused(tmp_path: Path) -> None:
    assembler = Assembler(tmp_path / "job")
    with pytest.raises(AssemblyError, match="NZB allows"):
        assembler.write("f.bin", part(0, b"x", size=10**12), 1000)
    assembler.write("f.bin", part(0, b"01"), 100)
    with pytest.raises(AssemblyError, match="outside"):
        assembler.write("f.bin", part(9, b"01"), 100)
    with pytest.raises(AssemblyError, match="earlier 10"):
        assembler.write("f.bin", part(0, b"01", size=11), 100)
    assembler.close()


@pytest.mark.parametrize("hostile", ["../escape.bin", "/etc/passwd", "..", "a/../../b", "\x00x"])
def test_hostile_names_stay_inside_the_job_folder(tmp_path: Path, hostile: str) -> None:
    assembler = Assembler(tmp_path / "job")
    target = assembler.path_for(hostile)
    assert target.parent == (tmp_path / "job").resolve()
    assembler.write(hostile, part(0, b"0123456789"), 100)
    assembler.close()
    assert [p.parent for p in tmp_path.rglob("*") if p.is_file()] == [target.parent]


def test_reserved_names_cannot_be_taken_by_posted_files(tmp_path: Path) -> None:
    assembler = Assembler(tmp_path / "job", reserved=frozenset({".mediastack"}))
    assert assembler.path_for(".mediastack").name == "_.mediastack"
    assert assembler.path_for(".MEDIASTACK").name == "_.MEDIASTACK"
    assert assembler.path_for("movie.mkv").name == "movie.mkv"


def test_a_part_decoded_past_the_end_is_cut_back(tmp_path: Path) -> None:
    """With a sink the bytes are on disk before the header can be judged: a refused part
    must not leave the file longer (or sparse-huge) behind it."""
    assembler = Assembler(tmp_path / "job")
    assembler.writer("f.bin").write(b"0123456789", 0)
    assembler.accept("f.bin", DecodedPart(0, None, True, 10, "x", 10), 100)
    assembler.writer("f.bin").write(b"zz", 10**9)
    with pytest.raises(AssemblyError, match="outside"):
        assembler.accept("f.bin", DecodedPart(10**9, None, True, 10, "x", 2), 100)
    assembler.close()
    assert (tmp_path / "job" / "f.bin").read_bytes() == b"0123456789"


def test_a_planted_link_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"keep")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "f.bin").symlink_to(outside)
    assembler = Assembler(tmp_path / "job")
    with pytest.raises((OSError, PathEscapeError)):
        assembler.writer("f.bin")
    assert outside.read_bytes() == b"keep"


def test_the_first_part_reserves_the_whole_file_and_unwritten_stretches_stay_holes(
    tmp_path: Path,
) -> None:
    """The file is allocated once (fallocate), not page by page as decoders write; what
    nobody wrote still reads as a hole, which the quick check depends on."""
    size = 4 * 1024 * 1024
    assembler = Assembler(tmp_path / "job")
    assembler.write("f.bin", part(0, b"x" * 65536, size=size), 2 * size)
    path = tmp_path / "job" / "f.bin"
    assert path.stat().st_size == size
    assert path.stat().st_blocks * 512 >= size  # reserved, not sparse
    assert has_hole(path, size)
    assembler.close()


def test_without_fallocate_the_file_is_grown_sparse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assembler_module, "_FALLOCATE", None)
    size = 4 * 1024 * 1024
    assembler = Assembler(tmp_path / "job")
    assembler.write("f.bin", part(0, b"x" * 65536, size=size), 2 * size)
    path = tmp_path / "job" / "f.bin"
    assert path.stat().st_size == size
    assert path.stat().st_blocks * 512 < size
    assembler.close()
