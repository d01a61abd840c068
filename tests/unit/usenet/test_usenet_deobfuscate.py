"""Obfuscated file names are replaced by the names the par2 descriptions give."""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

from mediastack.usenet.engine.postprocess.deobfuscate import deobfuscate, read_file_descriptions
from tests.support.releases import make_par2


def _posted(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    source = tmp_path / "source"
    source.mkdir()
    contents = {"Movie.2026.mkv": os.urandom(70_000), "Movie.2026.nfo": os.urandom(3000)}
    for name, data in contents.items():
        (source / name).write_bytes(data)
    make_par2(source, "set", [source / n for n in contents], 10, 16 * 1024)
    return source / "set.par2", contents


def test_par2_descriptions_name_every_file(tmp_path: Path) -> None:
    index, contents = _posted(tmp_path)
    found = {d.name: d.size for d in read_file_descriptions(index)}
    assert found == {name: len(data) for name, data in contents.items()}
    assert read_file_descriptions(tmp_path / "absent.par2") == []


def test_obfuscated_files_get_their_names_back_and_nothing_is_overwritten(
    tmp_path: Path,
) -> None:
    index, contents = _posted(tmp_path)
    job = tmp_path / "job"
    job.mkdir()
    (job / "a8f3e9c2d1b7").write_bytes(contents["Movie.2026.mkv"])
    (job / "0c7d2a11").write_bytes(contents["Movie.2026.nfo"])
    (job / "Movie.2026.nfo").write_bytes(b"already here")  # never overwritten
    (job / "unrelated.bin").write_bytes(os.urandom(3000))
    (job / "x.par2").write_bytes(index.read_bytes())
    renames, unnamed = deobfuscate(job, [job / "x.par2"], skip=".mediastack")
    assert renames == [("a8f3e9c2d1b7", "Movie.2026.mkv")]
    assert unnamed == [job / "0c7d2a11", job / "unrelated.bin"]
    assert (job / "Movie.2026.mkv").read_bytes() == contents["Movie.2026.mkv"]
    assert (job / "Movie.2026.nfo").read_bytes() == b"already here"
    assert (job / "0c7d2a11").exists() and (job / "unrelated.bin").exists()


def _file_desc_packet(name: bytes, data: bytes) -> bytes:
    """One PAR 2.0 FileDesc packet, built by hand so the name can be anything."""
    name += b"\x00" * (-len(name) % 4)
    md5 = hashlib.md5(data).digest()
    head16k = hashlib.md5(data[: 16 * 1024]).digest()
    body = os.urandom(16) + md5 + head16k + struct.pack("<Q", len(data)) + name
    tail = os.urandom(16) + b"PAR 2.0\x00FileDesc" + body
    return b"PAR2\x00PKT" + struct.pack("<Q", 32 + len(tail)) + hashlib.md5(tail).digest() + tail


def test_a_hostile_name_in_the_par2_stays_inside_the_job_folder(tmp_path: Path) -> None:
    data = os.urandom(20_000)
    job = tmp_path / "job"
    job.mkdir()
    (job / "zzz").write_bytes(data)
    (job / "x.par2").write_bytes(_file_desc_packet(b"../../evil.bin", data))
    [(old, new)], _ = deobfuscate(job, [job / "x.par2"], skip=".mediastack")
    assert old == "zzz" and "/" not in new
    assert [p.parent for p in job.rglob("*")] == [job, job]
    assert not (tmp_path / "evil.bin").exists()
