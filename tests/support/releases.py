"""Build synthetic releases for tests: files -> (par2) -> yEnc articles -> NZB.

Posting follows real posts: the par2 index file first, then the data files, then the
recovery volumes; subjects look like ``[02/05] - "name.bin" yEnc (1/12)``. Articles are
encoded with sabctools (a runtime dependency of the engine anyway).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import struct
import subprocess
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import sabctools

__all__ = [
    "Release",
    "build_release",
    "make_7z",
    "make_par2",
    "make_rar4",
    "random_files",
    "sevenzip",
    "yenc_article",
]


@dataclass
class Release:
    name: str
    nzb: bytes
    articles: dict[str, bytes]
    """message-id -> article body (yEnc, CRLF lines, not dot-stuffed)."""
    files: dict[str, Path]
    """posted file name -> the original file (the ground truth)."""
    message_ids: dict[str, list[str]] = field(default_factory=dict)
    """posted file name -> its message-ids in part order."""

    def ids_of(self, predicate: str) -> list[str]:
        """Message-ids of every posted file whose name contains ``predicate``."""
        return [m for name, ids in self.message_ids.items() if predicate in name for m in ids]

    @property
    def data_ids(self) -> list[str]:
        return [m for n, ids in self.message_ids.items() if not n.endswith(".par2") for m in ids]


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def random_files(directory: Path, sizes: dict[str, int], seed: int = 1) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for name, size in sizes.items():
        path = directory / name
        path.write_bytes(rng.randbytes(size))
        paths.append(path)
    return paths


def yenc_article(
    data: bytes, *, name: str, part: int, total: int, begin: int, file_size: int, file_crc: int
) -> bytes:
    encoded, crc = sabctools.yenc_encode(data)
    trailer = f"=yend size={len(data)} part={part} pcrc32={crc & 0xFFFFFFFF:08x}"
    if part == total:
        trailer += f" crc32={file_crc:08x}"
    return (
        (
            f"=ybegin part={part} total={total} line=128 size={file_size} name={name}\r\n"
            f"=ypart begin={begin + 1} end={begin + len(data)}\r\n"
        ).encode()
        + bytes(encoded)
        + b"\r\n"
        + trailer.encode()
        + b"\r\n"
    )


def find_par2() -> str:
    import sys

    beside = Path(sys.executable).with_name("par2")
    found = str(beside) if beside.exists() else shutil.which("par2")
    if not found:
        raise RuntimeError("par2 binary not found")
    return found


def make_par2(
    directory: Path, name: str, files: Sequence[Path], redundancy: int, block: int
) -> list[Path]:
    """Create ``name.par2`` plus recovery volumes for ``files``; returns the new files."""
    before = set(directory.iterdir())
    subprocess.run(
        [find_par2(), "c", "-q", f"-r{redundancy}", f"-s{block}", f"{name}.par2", "--"]
        + [f.name for f in files],
        cwd=directory,
        check=True,
        capture_output=True,
    )
    return sorted(set(directory.iterdir()) - before)


def sevenzip() -> str | None:
    for tool in ("7zz", "7z", "7za"):
        if found := shutil.which(tool):
            return found
    return None


def make_7z(
    archive: Path, files: Sequence[Path], *, password: str | None = None, volume: int | None = None
) -> list[Path]:
    """7z or zip (by suffix) of ``files``; split into ``volume``-byte volumes when given."""
    tool = sevenzip()
    if tool is None:
        raise RuntimeError("7-Zip not installed")
    args = [tool, "a", "-bso0", "-bsp0", "-mx=0"]
    if password:
        args += [f"-p{password}"] + (["-mhe=on"] if archive.suffix == ".7z" else [])
    if volume:
        args.append(f"-v{volume}b")
    subprocess.run(
        [*args, str(archive), "--", *[f.name for f in files]],
        cwd=files[0].parent,
        check=True,
        capture_output=True,
    )
    return sorted(archive.parent.glob(archive.name + "*"))


def _rar4_block(head_type: int, flags: int, body: bytes) -> bytes:
    head = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head


def make_rar4(archive: Path, entries: Sequence[tuple[str, bytes]]) -> Path:
    """A single-volume RAR 4 archive with *stored* (uncompressed) entries.

    RAR creation needs the non-free ``rar``; the stored form is simple enough to write
    here (marker, main header, one file header + data per entry, end block; header CRCs
    are the low 16 bits of CRC32), so the RAR path (lsar/unar) is tested for real.
    """
    out = b"Rar!\x1a\x07\x00" + _rar4_block(0x73, 0, bytes(6))
    for name, data in entries:
        raw = name.replace("/", "\\").encode()  # as WinRAR stores paths
        crc = zlib.crc32(data) & 0xFFFFFFFF
        # pack size, unpacked size, host OS (2 = Windows), CRC, DOS time, version 2.0,
        # method 0x30 (store), name length, attributes (0x20 = archive)
        body = struct.pack(
            "<IIBIIBBHI", len(data), len(data), 2, crc, 0x5A210000, 20, 0x30, len(raw), 0x20
        )
        out += _rar4_block(0x74, 0x8000, body + raw) + data
    out += _rar4_block(0x7B, 0x4000, b"")
    archive.write_bytes(out)
    return archive


def build_release(
    files: Sequence[Path],
    *,
    name: str = "Test.Release.2026.1080p-GRP",
    part_size: int = 128 * 1024,
    par2_redundancy: int = 0,
    par2_block: int | None = None,
    meta: dict[str, str] | None = None,
    seed: int = 7,
) -> Release:
    """Post ``files`` (and par2 for them when ``par2_redundancy`` > 0) as a release."""
    files = list(files)
    posted = list(files)
    if par2_redundancy:
        pars = make_par2(files[0].parent, name, files, par2_redundancy, par2_block or part_size)
        index = [p for p in pars if ".vol" not in p.name]
        volumes = [p for p in pars if ".vol" in p.name]
        posted = index + files + volumes
    rng = random.Random(seed)
    articles: dict[str, bytes] = {}
    message_ids: dict[str, list[str]] = {}
    xml_files = []
    for number, path in enumerate(posted, 1):
        data = path.read_bytes()
        total = max(1, -(-len(data) // part_size))
        subject = f'[{number:02d}/{len(posted):02d}] - "{path.name}" yEnc (1/{total})'
        file_crc = zlib.crc32(data) & 0xFFFFFFFF
        segments = []
        ids = []
        for part in range(1, total + 1):
            begin = (part - 1) * part_size
            chunk = data[begin : begin + part_size]
            body = yenc_article(
                chunk, name=path.name, part=part, total=total, begin=begin,
                file_size=len(data), file_crc=file_crc,
            )  # fmt: skip
            message_id = f"part{part}of{total}.{rng.getrandbits(64):016x}@test.invalid"
            articles[message_id] = body
            ids.append(message_id)
            segments.append(
                f'<segment bytes="{len(body)}" number="{part}">{escape(message_id)}</segment>'
            )
        message_ids[path.name] = ids
        xml_files.append(
            f'<file poster={quoteattr("tester <t@test.invalid>")} date="1767225600" '
            f"subject={quoteattr(subject)}><groups><group>alt.binaries.test</group></groups>"
            f"<segments>{''.join(segments)}</segments></file>"
        )
    head = "".join(f"<meta type={quoteattr(k)}>{escape(v)}</meta>" for k, v in (meta or {}).items())
    nzb = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n'
        f'<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"><head>{head}</head>'
        + "\n".join(xml_files)
        + "</nzb>\n"
    )
    return Release(
        name=name,
        nzb=nzb.encode(),
        articles=articles,
        files={p.name: p for p in posted},
        message_ids=message_ids,
    )
