"""Give obfuscated files their real names back, from the par2 set's file descriptions.

Obfuscated posts name every file with random characters; the par2 index still describes
each real file: its name, its length and the MD5 of its first 16 KiB. Like SABnzbd's
quick check, a downloaded file whose length and first-16-KiB hash match a description
takes that description's name, before par2 looks for the files by name and before
unpacking looks for ``.rar``/``.7z``. Names come from the network: they are made safe and
confined to the job folder, and no existing file is ever overwritten.

The par2 packet layout (PAR 2.0 specification): a 64-byte header (``PAR2\\0PKT``, packet
length, packet MD5, recovery set id, packet type) and a body; a ``FileDesc`` body is the
file id, the file's MD5, the MD5 of its first 16 KiB, its length (little-endian uint64)
and its name (NUL-padded to a multiple of 4).
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mediastack.core.fs import PathEscapeError, confine, safe_name

__all__ = ["Par2FileDescription", "deobfuscate", "read_file_descriptions"]

log = logging.getLogger(__name__)

_MAGIC = b"PAR2\x00PKT"
_FILE_DESC = b"PAR 2.0\x00FileDesc"
_HEADER = 64
_HASH16K = 16 * 1024
_MAX_SCAN = 64 * 1024 * 1024
"""An index file is small; a huge "par2" is read only this far."""


@dataclass(frozen=True, slots=True)
class Par2FileDescription:
    name: str
    size: int
    hash16k: bytes
    md5: bytes


def read_file_descriptions(par2_file: Path) -> list[Par2FileDescription]:
    """The file descriptions a par2 file carries (deduplicated; none for a damaged file)."""
    try:
        with par2_file.open("rb") as handle:
            data = handle.read(_MAX_SCAN)
    except OSError:
        return []
    found: dict[bytes, Par2FileDescription] = {}
    pos = data.find(_MAGIC)
    while pos >= 0 and pos + _HEADER <= len(data):
        (length,) = struct.unpack_from("<Q", data, pos + 8)
        if length < _HEADER or length % 4 or pos + length > len(data):
            pos = data.find(_MAGIC, pos + 8)
            continue
        packet = data[pos : pos + length]
        intact = hashlib.md5(packet[32:], usedforsecurity=False).digest() == packet[16:32]
        if intact and packet[48:64] == _FILE_DESC:
            body = packet[_HEADER:]
            file_id, md5, hash16k = body[:16], body[16:32], body[32:48]
            (size,) = struct.unpack_from("<Q", body, 48)
            name = body[56:].rstrip(b"\x00").decode("utf-8", errors="replace")
            if name and file_id not in found:
                found[file_id] = Par2FileDescription(name, size, hash16k, md5)
        pos = data.find(_MAGIC, pos + length)
    return list(found.values())


def _head_md5(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.md5(handle.read(_HASH16K), usedforsecurity=False).digest()


def deobfuscate(
    job_dir: Path, par2_files: Iterable[Path], skip: str
) -> tuple[list[tuple[str, str]], list[Path]]:
    """Rename files of ``job_dir`` whose content a par2 description names otherwise.

    Returns the renames done as ``(old, new)``, and the files left that no description
    names (too damaged to recognise, or not part of the set). ``skip`` is a folder name
    left alone.
    """
    descriptions: dict[tuple[int, bytes], Par2FileDescription] = {}
    for par2_file in par2_files:
        for item in read_file_descriptions(par2_file):
            descriptions.setdefault((item.size, item.hash16k), item)
    if not descriptions:
        return [], []
    wanted = {safe_name(d.name) for d in descriptions.values()}
    renames: list[tuple[str, str]] = []
    unnamed: list[Path] = []
    for path in sorted(job_dir.iterdir()):
        if path.name == skip or path.name in wanted or not path.is_file():
            continue
        if path.name.lower().endswith(".par2"):
            continue
        size = path.stat().st_size
        match = None
        if any(key[0] == size for key in descriptions):
            match = descriptions.get((size, _head_md5(path)))
        try:
            target = confine(job_dir, safe_name(match.name)) if match else None
        except PathEscapeError:
            target = None
        if target is None or target.exists() or target.parent != job_dir.resolve():
            unnamed.append(path)
            continue
        os.rename(path, target)
        renames.append((path.name, target.name))
        log.info("deobfuscated %s -> %s", path.name, target.name)
    return renames, unnamed
