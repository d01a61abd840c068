"""Unpack RAR, 7z and zip sets with the archive tools on PATH, confined to the job folder.

Archives come from strangers. Before anything is extracted every member name is listed and
checked: absolute paths, ``..`` components and links are refused, so a hostile archive is
rejected as a whole instead of half-extracted. Extraction then goes into a fresh staging
folder inside the job folder, which is walked again (regular files and folders only, every
path confined) before its contents are moved beside the downloaded files.

Tools: 7-Zip (``7zz``/``7z``/``7za``) for 7z and zip; ``unar``/``lsar`` for RAR (Debian's
7-Zip ships without the non-free RAR codec) and as the fallback for everything.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from mediastack.core.fs import PathEscapeError, confine

__all__ = [
    "ArchiveSet",
    "Member",
    "UnpackError",
    "UnpackResult",
    "WrongPasswordError",
    "check_member_names",
    "find_archive_sets",
    "list_members",
    "unpack_all",
    "unpack_set",
]


class UnpackError(RuntimeError):
    """An archive could not be unpacked; the message is meant for the user."""


class WrongPasswordError(UnpackError):
    """The archive is encrypted and the password is missing or wrong."""


@dataclass(frozen=True, slots=True)
class ArchiveSet:
    """One archive, possibly split into volumes; ``first`` is what the tools are given."""

    kind: str
    first: Path
    volumes: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    is_link: bool
    encrypted: bool


@dataclass(frozen=True, slots=True)
class UnpackResult:
    extracted: tuple[Path, ...]
    archives: tuple[ArchiveSet, ...]


_RAR_PART = re.compile(r"^(?P<base>.+)\.part(?P<n>\d+)\.rar$", re.IGNORECASE)
_RAR_OLD = re.compile(r"^(?P<base>.+)\.(?:rar|r\d\d|s\d\d)$", re.IGNORECASE)
# 7-Zip's own splitting (".7z.001", ".zip.001") and zip's spanning (".z01" ... ".zip").
_7Z = re.compile(r"^(?P<base>.+\.7z)(?:\.(?P<n>\d{3}))?$", re.IGNORECASE)
_ZIP_SPLIT = re.compile(r"^(?P<base>.+\.zip)\.(?P<n>\d{3})$", re.IGNORECASE)
_ZIP = re.compile(r"^(?P<base>.+)\.(?:zip|z\d\d)$", re.IGNORECASE)
_PATTERNS = (
    ("rar", _RAR_PART),
    ("7z", _7Z),
    ("zip", _ZIP_SPLIT),
    ("rar", _RAR_OLD),
    ("zip", _ZIP),
)
_TOOL_TIMEOUT_S = 6 * 3600


def find_archive_sets(folder: Path) -> list[ArchiveSet]:
    """Group the archive files directly inside ``folder`` into sets, one per archive."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    sets: dict[tuple[str, str], list[str]] = {}
    for name in names:
        for kind, pattern in _PATTERNS:
            match = pattern.match(name)
            if match:
                sets.setdefault((kind, match.group("base").lower()), []).append(name)
                break
    result: list[ArchiveSet] = []
    for (kind, _base), members in sorted(sets.items()):
        first = _first_volume(kind, members)
        if first is not None:
            result.append(
                ArchiveSet(kind, folder / first, tuple(folder / m for m in sorted(members)))
            )
    return result


def _first_volume(kind: str, members: list[str]) -> str | None:
    if kind == "rar":
        numbered = [(int(m.group("n")), n) for n in members if (m := _RAR_PART.match(n))]
        if numbered:
            return min(numbered)[1]
        return next((n for n in members if n.lower().endswith(".rar")), None)
    if kind == "7z":
        return next((n for n in members if n.lower().endswith((".7z", ".7z.001"))), None)
    return next((n for n in members if n.lower().endswith((".zip", ".zip.001"))), None)


def _which(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def _sevenzip() -> str | None:
    return _which("7zz", "7z", "7za")


async def _run(args: Sequence[str], cwd: Path) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *args,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    try:
        async with asyncio.timeout(_TOOL_TIMEOUT_S):
            out, _ = await proc.communicate()
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise UnpackError(f"{Path(args[0]).name} timed out") from None
    return proc.returncode or 0, out.decode("utf-8", errors="replace")


def _use_sevenzip(archive: ArchiveSet) -> str | None:
    return _sevenzip() if archive.kind in ("7z", "zip") else None


def _password_failure(output: str) -> bool:
    lowered = output.lower()
    return "wrong password" in lowered or "requires a password" in lowered


def _parse_7z_listing(output: str) -> list[Member]:
    members: list[Member] = []
    for block in output.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            key, sep, value = line.partition(" = ")
            if sep:
                fields[key.strip()] = value
        if "Path" not in fields:
            continue
        # "Attributes = A -rw-r--r--": the last word is the Unix mode when the archive has one.
        words = fields.get("Attributes", "").split()
        mode = words[-1] if words else ""
        members.append(
            Member(
                name=fields["Path"],
                is_link=mode.startswith("l") or bool(fields.get("Symbolic Link")),
                encrypted=fields.get("Encrypted") == "+",
            )
        )
    return members


async def list_members(archive: ArchiveSet, password: str | None) -> list[Member]:
    """Names of every entry, read without extracting anything."""
    sevenzip = _use_sevenzip(archive)
    if sevenzip:
        code, output = await _run(
            [sevenzip, "l", "-slt", "-ba", f"-p{password or ''}", "--", archive.first.name],
            archive.first.parent,
        )
        if code != 0:
            if _password_failure(output):
                raise WrongPasswordError(f"{archive.first.name}: wrong or missing password")
            raise UnpackError(f"{archive.first.name}: cannot list archive: {output.strip()[-300:]}")
        return _parse_7z_listing(output)
    lsar = _which("lsar")
    if lsar is None:
        raise UnpackError(f"no tool to open {archive.kind} archives (install unar or 7zip)")
    args = [lsar, "-j"] + (["-p", password] if password else []) + ["--", archive.first.name]
    code, output = await _run(args, archive.first.parent)
    if code != 0:
        if _password_failure(output):
            raise WrongPasswordError(f"{archive.first.name}: wrong or missing password")
        raise UnpackError(f"{archive.first.name}: cannot list archive: {output.strip()[-300:]}")
    try:
        listing = json.loads(output)
    except json.JSONDecodeError:
        raise UnpackError(f"{archive.first.name}: unreadable listing from lsar") from None
    return [
        Member(
            name=str(entry.get("XADFileName", "")),
            is_link="XADLinkDestination" in entry or bool(entry.get("XADIsLink")),
            encrypted=bool(entry.get("XADIsEncrypted")),
        )
        for entry in listing.get("lsarContents", [])
    ]


def check_member_names(members: Sequence[Member], dest: Path) -> None:
    """Refuse the archive if any entry could land outside ``dest`` or is a link."""
    for member in members:
        name = member.name
        parts = PureWindowsPath(name).parts if "\\" in name else PurePosixPath(name).parts
        if not name or name.startswith(("/", "\\")) or PureWindowsPath(name).drive or ".." in parts:
            raise PathEscapeError(f"archive entry escapes the job folder: {name!r}")
        if member.is_link:
            raise PathEscapeError(f"archive entry is a link, refused: {name!r}")
        confine(dest, name)


def _verify_tree(staging: Path) -> list[Path]:
    """Walk what the tool wrote: only regular files and folders, all inside ``staging``."""
    files: list[Path] = []
    for root, dirs, names in os.walk(staging):
        for entry in dirs + names:
            path = Path(root) / entry
            if path.is_symlink():
                path.unlink()
                raise PathEscapeError(f"archive produced a link, refused: {entry!r}")
            confine(staging, path)
            if entry in names:
                files.append(path)
    return files


async def unpack_set(archive: ArchiveSet, dest: Path, password: str | None) -> list[Path]:
    """List, check, extract into ``dest`` (which must be empty). Returns the files written."""
    members = await list_members(archive, password)
    check_member_names(members, dest)
    dest.mkdir(parents=True, exist_ok=True)
    sevenzip = _use_sevenzip(archive)
    if sevenzip:
        args = [sevenzip, "x", "-y", "-bso0", "-bsp0", f"-p{password or ''}", f"-o{dest}"]
        args += ["--", archive.first.name]
    else:
        unar = _which("unar")
        if unar is None:
            raise UnpackError(f"no tool to extract {archive.kind} archives (install unar)")
        args = [unar, "-q", "-f", "-D", "-o", str(dest)]
        args += (["-p", password] if password else []) + ["--", archive.first.name]
    code, output = await _run(args, archive.first.parent)
    if code != 0:
        shutil.rmtree(dest, ignore_errors=True)
        encrypted = any(m.encrypted for m in members)
        if _password_failure(output) or (encrypted and "decrunching" in output.lower()):
            raise WrongPasswordError(f"{archive.first.name}: wrong or missing password")
        raise UnpackError(f"{archive.first.name}: extraction failed: {output.strip()[-300:]}")
    return _verify_tree(dest)


def _merge_into(staging: Path, job_dir: Path) -> list[Path]:
    """Move extracted files from staging into the job folder, never overwriting a file."""
    moved: list[Path] = []
    for path in sorted(staging.rglob("*")):
        if not path.is_file():
            continue
        target = confine(job_dir, path.relative_to(staging))
        target.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():
            target = target.with_name(f"{path.stem}.{n}{path.suffix}")
            n += 1
        os.replace(path, target)
        moved.append(target)
    shutil.rmtree(staging, ignore_errors=True)
    return moved


async def unpack_all(
    job_dir: Path, staging_root: Path, password: str | None, max_depth: int = 2
) -> UnpackResult:
    """Unpack every archive set in ``job_dir``, then archives found inside them (nesting)."""
    done: list[ArchiveSet] = []
    extracted: list[Path] = []
    seen: set[Path] = set()
    folders = [job_dir]
    for _depth in range(max_depth + 1):
        new_folders: list[Path] = []
        for folder in folders:
            for archive in find_archive_sets(folder):
                if archive.first in seen:
                    continue
                seen.add(archive.first)
                staging = staging_root / f"unpack-{len(seen)}"
                shutil.rmtree(staging, ignore_errors=True)
                await unpack_set(archive, staging, password)
                files = _merge_into(staging, folder)
                done.append(archive)
                extracted.extend(files)
                new_folders.extend({f.parent for f in files})
        if not new_folders:
            break
        folders = sorted(set(new_folders))
    return UnpackResult(tuple(extracted), tuple(done))
