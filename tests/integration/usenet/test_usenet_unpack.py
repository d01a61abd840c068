"""Archives inside releases: zip/7z (volumes, passwords, nesting) and hostile entries."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mediastack.usenet.engine import JobStatus
from tests.support.releases import build_release, make_7z, make_rar4, sevenzip

Fixture = Callable[..., Any]

pytestmark = pytest.mark.skipif(sevenzip() is None, reason="7-Zip (7zz/7z) not installed")


def archive_release(tmp_path: Path, payload: Fixture, kind: str, **kw: Any) -> tuple[Any, Path]:
    """A payload file packed into ``kind`` volumes, posted with par2."""
    (source,) = payload({"feature.mkv": 900_000})
    packed = tmp_path / "packed"
    packed.mkdir()
    volumes = make_7z(packed / f"Test.Release.{kind}", [source], **kw)
    return build_release(volumes, part_size=64 * 1024, par2_redundancy=5, meta=None), source


@pytest.mark.parametrize("kind", ["zip", "7z"])
async def test_archive_is_unpacked_and_cleaned_up(
    kind: str,
    tmp_path: Path,
    payload: Fixture,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
) -> None:
    release, source = archive_release(tmp_path, payload, kind, volume=300_000)
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.COMPLETED, result.fail_message
    assert [p.name for p in result.storage.iterdir()] == ["feature.mkv"]
    assert md5(result.storage / "feature.mkv") == md5(source)


async def test_archives_are_kept_when_cleanup_is_off(
    tmp_path: Path, payload: Fixture, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    release, _ = archive_release(tmp_path, payload, "7z")
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)], cleanup=False)
    assert result.status is JobStatus.COMPLETED, result.fail_message
    names = {p.name for p in result.storage.iterdir()}
    assert {"feature.mkv", "Test.Release.7z"} <= names


async def test_nested_archive_is_unpacked(
    tmp_path: Path,
    payload: Fixture,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
) -> None:
    (source,) = payload({"feature.mkv": 400_000})
    inner = make_7z(source.parent / "inner.zip", [source])
    outer_dir = tmp_path / "outer"
    outer_dir.mkdir()
    outer = make_7z(outer_dir / "outer.7z", inner)
    release = build_release(outer, part_size=64 * 1024)
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.COMPLETED, result.fail_message
    assert [p.name for p in result.storage.iterdir()] == ["feature.mkv"]
    assert md5(result.storage / "feature.mkv") == md5(source)


@pytest.mark.parametrize("how", ["argument", "nzb-meta", "job-name"])
async def test_passworded_7z_with_the_right_password(
    how: str,
    tmp_path: Path,
    payload: Fixture,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
) -> None:
    (source,) = payload({"feature.mkv": 500_000})
    packed = tmp_path / "packed"
    packed.mkdir()
    volumes = make_7z(packed / "secret.7z", [source], password="s3cr3t pw", volume=200_000)
    meta = {"password": "s3cr3t pw"} if how == "nzb-meta" else None
    release = build_release(volumes, part_size=64 * 1024, meta=meta)
    server = await serve(release.articles)
    password = "s3cr3t pw" if how == "argument" else None
    name = "Secret.Release{{s3cr3t pw}}" if how == "job-name" else "Secret.Release"
    result = await run_job(release, [server_config(server)], password=password, name=name)
    assert result.status is JobStatus.COMPLETED, result.fail_message
    assert result.storage.name == "Secret.Release"
    assert md5(result.storage / "feature.mkv") == md5(source)


@pytest.mark.parametrize("password", [None, "wrong"])
async def test_passworded_7z_with_a_wrong_password_fails_clearly(
    password: str | None,
    tmp_path: Path,
    payload: Fixture,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
) -> None:
    (source,) = payload({"feature.mkv": 200_000})
    packed = tmp_path / "packed"
    packed.mkdir()
    release = build_release(make_7z(packed / "secret.7z", [source], password="right"))
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)], password=password)
    assert result.status is JobStatus.FAILED
    assert result.fail_message == "Unpacking failed: secret.7z: wrong or missing password"
    assert not (tmp_path / "complete").exists()


async def test_archive_entry_escaping_the_job_folder_writes_nothing_outside(
    tmp_path: Path, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    evil = tmp_path / "packed" / "evil.zip"
    evil.parent.mkdir()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("good.txt", "fine")
        archive.writestr("../../escaped.txt", "gotcha")
        archive.writestr("/tmp/absolute-escape.txt", "gotcha")
    release = build_release([evil])
    server = await serve(release.articles)
    before = set(tmp_path.parent.iterdir())
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    assert "escapes the job folder" in result.fail_message
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list(tmp_path.rglob("good.txt"))  # refused as a whole, nothing half-extracted
    assert set(tmp_path.parent.iterdir()) == before
    assert not Path("/tmp/absolute-escape.txt").exists()


async def test_archive_with_a_symlink_entry_is_refused(
    tmp_path: Path, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    evil = tmp_path / "packed" / "links.zip"
    evil.parent.mkdir()
    with zipfile.ZipFile(evil, "w") as archive:
        link = zipfile.ZipInfo("innocent.mkv")
        link.create_system = 3  # Unix
        link.external_attr = 0o120777 << 16  # S_IFLNK
        archive.writestr(link, "/etc/passwd")
    release = build_release([evil])
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    assert "link" in result.fail_message
    assert not list(tmp_path.rglob("innocent.mkv"))


@pytest.mark.skipif(shutil.which("unar") is None, reason="unar not installed")
async def test_rar_is_unpacked_with_unar(
    tmp_path: Path, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    packed = tmp_path / "packed"
    packed.mkdir()
    movie = bytes(range(256)) * 2000
    archive = make_rar4(packed / "show.rar", [("show.mkv", movie), ("sub/show.srt", b"1\n")])
    release = build_release([archive], part_size=64 * 1024)
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.COMPLETED, result.fail_message
    assert (result.storage / "show.mkv").read_bytes() == movie
    assert (result.storage / "sub" / "show.srt").read_bytes() == b"1\n"
    assert not (result.storage / "show.rar").exists()


@pytest.mark.skipif(shutil.which("unar") is None, reason="unar not installed")
async def test_rar_entry_escaping_the_job_folder_is_refused(
    tmp_path: Path, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    packed = tmp_path / "packed"
    packed.mkdir()
    archive = make_rar4(packed / "evil.rar", [("ok.txt", b"ok"), ("../../evil.txt", b"x")])
    release = build_release([archive])
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    assert result.fail_message == (
        "Unpacking failed: archive entry escapes the job folder: '../../evil.txt'"
    )
    assert not list(tmp_path.rglob("*evil.txt")) and not list(tmp_path.rglob("ok.txt"))
