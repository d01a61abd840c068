"""Archive set detection, member-name checks and recovery-volume choice (no tools needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediastack.core.fs import PathEscapeError
from mediastack.usenet.engine.nzb import NzbFile
from mediastack.usenet.engine.pipeline import JobPipeline
from mediastack.usenet.engine.postprocess.unpack import (
    Member,
    check_member_names,
    find_archive_sets,
)


def test_archive_sets_are_grouped_by_volume_naming(tmp_path: Path) -> None:
    names = [
        "a.part01.rar", "a.part02.rar", "a.part10.rar",
        "b.rar", "b.r00", "b.r01",
        "c.7z.001", "c.7z.002",
        "d.zip", "d.z01",
        "e.zip.001", "e.zip.002",
        "f.7z", "movie.mkv", "movie.par2",
    ]  # fmt: skip
    for name in names:
        (tmp_path / name).write_bytes(b"")
    sets = {(s.kind, s.first.name, len(s.volumes)) for s in find_archive_sets(tmp_path)}
    assert sets == {
        ("rar", "a.part01.rar", 3),
        ("rar", "b.rar", 3),
        ("7z", "c.7z.001", 2),
        ("zip", "d.zip", 2),
        ("zip", "e.zip.001", 2),
        ("7z", "f.7z", 1),
    }


@pytest.mark.parametrize(
    "name",
    ["../x", "a/../../x", "/etc/passwd", "\\\\server\\share\\x", "C:\\x", "a\\..\\..\\x", ""],
)
def test_escaping_member_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(PathEscapeError):
        check_member_names([Member("ok.txt", False, False), Member(name, False, False)], tmp_path)


def test_links_are_refused_and_normal_names_pass(tmp_path: Path) -> None:
    check_member_names(
        [Member("dir/sub/file.mkv", False, False), Member("a..b", False, False)], tmp_path
    )
    with pytest.raises(PathEscapeError, match="link"):
        check_member_names([Member("link", True, False)], tmp_path)


def volume(blocks: int) -> NzbFile:
    return NzbFile("s", "p", 0, (), (), filename=f"x.vol{blocks:02d}+{blocks:02d}.par2")


def test_recovery_volumes_are_chosen_smallest_first_until_enough() -> None:
    vols = [volume(8), volume(1), volume(2), volume(4)]
    chosen = JobPipeline._choose_volumes(vols, 3)
    assert [v.par2_volume_blocks for v in chosen] == [1, 2]
    assert [v.par2_volume_blocks for v in JobPipeline._choose_volumes(vols, 100)] == [1, 2, 4, 8]
