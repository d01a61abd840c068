"""Whole jobs over a real NNTP server: plain, TLS with auth, backups, drops, repair."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from mediastack.usenet.engine import JobStatus, test_server
from tests.support.nntp_server import make_self_signed_cert, server_tls_context
from tests.support.releases import Release

Fixture = Callable[..., Any]
DATA = ("movie.part1.bin", "movie.part2.bin")


def assert_identical(result: Any, release: Release, md5: Fixture) -> None:
    assert result.status is JobStatus.COMPLETED, result.fail_message
    assert result.storage is not None
    for name in DATA:
        assert md5(result.storage / name) == md5(release.files[name])


async def test_plain_download_is_byte_identical(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert_identical(result, release, md5)
    # The quick check passed: no recovery volume fetched, par2 files cleaned up.
    assert not set(release.ids_of(".vol")) & server.fetched
    assert sorted(p.name for p in result.storage.iterdir()) == list(DATA)
    assert all(n == 1 for n in server.body_requests.values())
    assert result.missing_articles == 0
    assert ("Repair", "Quick check OK: every article arrived with a valid CRC") in result.stage_log


async def test_tls_with_auth_is_byte_identical(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
    tmp_path: Path,
) -> None:
    cert, key = make_self_signed_cert(tmp_path)
    server = await serve(
        release.articles, tls=server_tls_context(cert, key), username="u", password="p w"
    )
    cfg = server_config(
        server, ssl=True, ssl_ca_file=str(cert), username="u", password="p w", pipelining=8
    )
    result = await run_job(release, [cfg])
    assert_identical(result, release, md5)


async def test_server_check_reports_tls_and_auth_problems(
    serve: Fixture, server_config: Fixture, tmp_path: Path
) -> None:
    cert, key = make_self_signed_cert(tmp_path)
    server = await serve({}, tls=server_tls_context(cert, key), username="u", password="p")
    # Verification is on by default: a self-signed certificate is refused.
    ok, message = await test_server(server_config(server, ssl=True, username="u", password="p"))
    assert not ok and "certificate" in message
    # Turned off for this server, it connects.
    cfg = server_config(server, ssl=True, ssl_verify=False, username="u", password="p")
    assert await test_server(cfg) == (True, "Connection successful!")
    cfg = server_config(server, ssl=True, ssl_verify=False, username="u", password="bad")
    ok, message = await test_server(cfg)
    assert not ok and "authentication failed" in message
    await server.stop()
    ok, message = await test_server(server_config(server, ssl=True, ssl_verify=False))
    assert not ok and "cannot connect" in message
    ok, message = await test_server(server_config(server, ssl=True, ssl_ca_file="/nonexistent"))
    assert not ok and "cannot load CA file" in message


async def test_backup_server_is_asked_only_for_what_the_primary_lacks(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    data_ids = release.data_ids
    lacking = set(random.Random(3).sample(data_ids, max(2, len(data_ids) * 3 // 100)))
    primary = await serve(release.articles, missing=lacking)
    backup = await serve(release.articles)
    result = await run_job(
        release,
        [server_config(primary, name="primary"), server_config(backup, name="backup", priority=1)],
    )
    assert_identical(result, release, md5)
    assert backup.fetched == lacking
    assert result.missing_articles == 0
    assert not set(release.ids_of(".vol")) & (primary.fetched | backup.fetched)


async def test_damaged_copy_on_primary_is_fetched_from_backup(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    victim = release.data_ids[3]
    corrupted = dict(release.articles)
    body = bytearray(corrupted[victim])
    body[len(body) // 2] ^= 0x01  # one flipped bit: the part CRC no longer matches
    corrupted[victim] = bytes(body)
    primary = await serve(corrupted)
    backup = await serve(release.articles)
    result = await run_job(
        release, [server_config(primary, name="a"), server_config(backup, name="b", priority=1)]
    )
    assert_identical(result, release, md5)
    assert backup.fetched == {victim}
    assert result.damaged_articles == 0 and result.missing_articles == 0


async def test_dropped_connections_are_retried(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    drops = set(random.Random(5).sample(release.data_ids, 4))
    server = await serve(release.articles, drop_once=drops)
    result = await run_job(release, [server_config(server)])
    assert_identical(result, release, md5)
    assert server.drops == 4
    assert result.missing_articles == 0


async def test_a_stalled_connection_times_out_and_is_retried(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    stalled = release.data_ids[7]
    server = await serve(release.articles, stall_once=[stalled])
    result = await run_job(release, [server_config(server, timeout=0.5)])
    assert_identical(result, release, md5)
    assert server.body_requests[stalled] == 2
    assert result.missing_articles == 0


async def test_missing_everywhere_is_repaired_with_just_enough_par2(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    lacking = set(random.Random(9).sample(release.data_ids, 2))
    primary = await serve(release.articles, missing=lacking)
    backup = await serve(release.articles, missing=lacking)
    result = await run_job(
        release,
        [server_config(primary, name="a"), server_config(backup, name="b", priority=1)],
    )
    assert_identical(result, release, md5)
    assert result.missing_articles == 2
    stages = dict(result.stage_log)
    assert stages["Repair"].startswith("Repaired")
    # Each missing article was asked once per server, never again.
    assert all(primary.body_requests[m] == 1 and backup.body_requests[m] == 1 for m in lacking)
    # Two blocks short: not every recovery volume was needed.
    assert set(release.ids_of(".vol")) - primary.fetched
    assert sorted(p.name for p in result.storage.iterdir()) == list(DATA)
    # The volumes joined the download itself (as SABnzbd does): one download stage,
    # the fetches decided while it ran (one per bad article here), then one par2 run.
    fetches = [i for i, (_, line) in enumerate(result.stage_log) if line.startswith("Fetching")]
    downloads = [i for i, (_, line) in enumerate(result.stage_log) if line.startswith("Downloaded")]
    assert fetches and downloads == [fetches[-1] + 1]
    assert [line for _, line in result.stage_log].count("Repaired with par2 (2 bad articles)") == 1


async def test_too_little_par2_fails_with_a_clear_message(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    # 10% redundancy of ~46 blocks is 5 blocks; lose 10 articles of one file.
    lacking = set(release.ids_of("movie.part1.bin")[:10])
    server = await serve(release.articles, missing=lacking)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    assert result.fail_message.startswith("Repair failed, not enough repair blocks (")
    assert result.missing_articles == 10
    assert result.storage is None


async def test_no_par2_and_missing_articles_fails(
    payload: Fixture, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    from tests.support.releases import build_release

    release = build_release(payload({"a.bin": 300_000}), part_size=64 * 1024)
    server = await serve(release.articles, missing=release.data_ids[:1])
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    assert "no par2 files" in result.fail_message


async def test_unreachable_servers_fail_without_marking_articles_missing(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture
) -> None:
    server = await serve(release.articles, username="u", password="p")
    result = await run_job(release, [server_config(server, username="u", password="wrong")])
    assert result.status is JobStatus.FAILED
    assert "no news server available" in result.fail_message
    assert "authentication failed" in result.fail_message
    assert result.missing_articles == 0


async def test_obfuscated_release_gets_real_names_and_still_repairs(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    """Random names in the NZB (as obfuscated posts have): the par2 descriptions name the
    intact file; the damaged one (its first article lost) is found and rebuilt by par2."""
    nzb = release.nzb
    for n, name in enumerate((*DATA, release.name), 1):
        nzb = nzb.replace(f'"{name}'.encode(), f'"{n}f3a9c0d7e1b2'.encode())
    obfuscated = Release(release.name, nzb, release.articles, release.files, release.message_ids)
    lacking = set(release.ids_of("movie.part2.bin")[:1])
    server = await serve(release.articles, missing=lacking)
    result = await run_job(obfuscated, [server_config(server)])
    assert_identical(result, release, md5)
    assert sorted(p.name for p in result.storage.iterdir()) == list(DATA)
    assert ("Repair", "Renamed 1 obfuscated files from par2") in result.stage_log


def _without_segment(nzb: bytes, message_id: str) -> bytes:
    """The NZB as a truncated post lists it: one article never mentioned."""
    cut = re.sub(
        rb"<segment [^>]*>" + re.escape(escape(message_id).encode()) + rb"</segment>", b"", nzb
    )
    assert cut != nzb
    return cut


async def test_an_article_the_nzb_never_lists_fails_the_quick_check_and_is_repaired(
    release: Release, serve: Fixture, run_job: Fixture, server_config: Fixture, md5: Fixture
) -> None:
    """Every listed article arrives intact, yet the file has a stretch nobody wrote: the
    quick check sees it (par2 length + no hole), so par2 fetches blocks and repairs."""
    unlisted = release.ids_of("movie.part2.bin")[3]
    truncated = Release(
        release.name,
        _without_segment(release.nzb, unlisted),
        release.articles,
        release.files,
        release.message_ids,
    )
    server = await serve(release.articles)
    result = await run_job(truncated, [server_config(server)])
    assert_identical(result, release, md5)
    assert unlisted not in server.fetched
    assert ("Repair", "Quick check failed: movie.part2.bin incomplete") in result.stage_log
    assert ("Repair", "Repaired with par2 (0 bad articles)") in result.stage_log


async def test_clean_download_skips_par2(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
    par2_calls: Callable[[], list[list[str]]],
) -> None:
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)])
    assert_identical(result, release, md5)
    assert ("Repair", "Quick check OK: every article arrived with a valid CRC") in result.stage_log
    assert par2_calls() == []


async def test_repair_skips_data_then_slides_as_a_last_resort(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    par2_calls: Callable[[], list[list[str]]],
) -> None:
    """One ``par2 r`` with data skipping (-N) per fetch; when no volume is left to fetch,
    one last pass without it (it finds blocks that moved) before giving up."""
    lacking = set(release.ids_of("movie.part1.bin")[:10])
    server = await serve(release.articles, missing=lacking)
    result = await run_job(release, [server_config(server)])
    assert result.status is JobStatus.FAILED
    calls = par2_calls()
    assert [call[0] for call in calls] == ["r"] * len(calls)
    assert len(calls) >= 2 and all("-N" in call for call in calls[:-1])
    assert "-N" not in calls[-1]


async def test_a_repair_is_one_par2_pass_with_data_skipping(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
    par2_calls: Callable[[], list[list[str]]],
) -> None:
    lacking = set(random.Random(3).sample(release.data_ids, 2))
    server = await serve(release.articles, missing=lacking)
    result = await run_job(release, [server_config(server)])
    assert_identical(result, release, md5)
    calls = par2_calls()
    assert len(calls) == 1
    assert calls[0][:3] == ["r", "-q", "-N"]


async def test_always_verify_runs_one_par2_pass_on_a_clean_download(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
    par2_calls: Callable[[], list[list[str]]],
) -> None:
    """The verify-and-repair pass doubles as the verification: a set that needs nothing
    is reported verified, not repaired, and nothing else runs."""
    server = await serve(release.articles)
    result = await run_job(release, [server_config(server)], always_verify=True)
    assert_identical(result, release, md5)
    assert ("Repair", "Verified OK") in result.stage_log
    assert [call[0] for call in par2_calls()] == ["r"]
    assert not set(release.ids_of(".vol")) & server.fetched


async def test_leftovers_are_set_aside_and_the_job_folder_goes_after_completion(
    release: Release,
    serve: Fixture,
    run_job: Fixture,
    server_config: Fixture,
    md5: Fixture,
    tmp_path: Path,
) -> None:
    """par2's ``.1`` copies and the volumes never reach the complete folder; the job
    folder (with them) is deleted once the job is complete, off the event loop."""
    lacking = set(random.Random(5).sample(release.data_ids, 2))
    server = await serve(release.articles, missing=lacking)
    result = await run_job(release, [server_config(server)])
    assert_identical(result, release, md5)
    assert sorted(p.name for p in result.storage.iterdir()) == list(DATA)
    job_dir = tmp_path / "incomplete" / release.name
    for _ in range(200):
        if not job_dir.exists():
            break
        await asyncio.sleep(0.02)
    assert not job_dir.exists()
