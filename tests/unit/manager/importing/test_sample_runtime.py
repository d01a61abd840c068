"""Samples told by running time: the check, its steps, and probing once per file version."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from mediastack.manager.importing.decisions import Rejection
from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.media_info import MediaInfo, ProbeCache
from mediastack.manager.importing.model import SAMPLE
from mediastack.manager.importing.specs import NotSample, minimum_runtime_seconds
from tests.support.media import make_clip


@dataclass(frozen=True)
class Timed:
    file: DiscoveredFile
    runtime_minutes: int


def timed(name: str, runtime: int, size: int = 500 * 1024 * 1024) -> Timed:
    found = DiscoveredFile(Path("/dl") / name, name, size, time.time() - 60, size, "dl")
    return Timed(found, runtime)


def lasting(seconds: float | None) -> NotSample:
    """The check with a probe that reads every file as ``seconds`` long (None: unreadable)."""
    info = None if seconds is None else MediaInfo(run_time_seconds=seconds)
    return NotSample(lambda _path: info)


def test_the_floor_follows_the_runtime_steps() -> None:
    assert [minimum_runtime_seconds(m) for m in (0, 3, 4, 10, 11, 30, 31, 60)] == [
        15, 15, 90, 90, 300, 300, 600, 600
    ]  # fmt: skip


def test_a_short_file_is_a_sample_whatever_its_name() -> None:
    hour_long = timed("Show.S01E01.1080p.WEB-DL-GRP.mkv", 60)
    assert lasting(20)(hour_long) == Rejection(SAMPLE)
    assert lasting(599)(hour_long) == Rejection(SAMPLE)
    assert lasting(600)(hour_long) is None
    assert lasting(0)(hour_long) == Rejection(SAMPLE)  # zero seconds: not a real video
    webisode = timed("Show.S01E01.mkv", 5)
    assert lasting(100)(webisode) is None
    assert lasting(80)(webisode) == Rejection(SAMPLE)


def test_a_long_file_named_sample_is_measured_not_named() -> None:
    assert lasting(2400)(timed("Show.S01E01-sample.mkv", 45, size=10 * 1024 * 1024)) is None


def test_without_a_runtime_or_a_reading_the_name_rule_decides() -> None:
    small_sample = timed("Show.S01E01-sample.mkv", 60, size=10 * 1024 * 1024)
    assert lasting(None)(small_sample) == Rejection(SAMPLE)
    assert lasting(None)(timed("Show.S01E01.mkv", 60, size=1024)) is None
    unknown_runtime = timed("Show.S01E01-sample.mkv", 0, size=10 * 1024 * 1024)
    assert lasting(3000)(unknown_runtime) == Rejection(SAMPLE)
    assert lasting(5)(timed("Show.S01E01.mkv", 0)) is None


def test_disc_images_and_stream_pointers_are_never_timed() -> None:
    for name in ("Show.S01E01.iso", "Show.S01E01.m2ts", "Show.S01E01.strm", "Show.S01E01.flv"):
        assert lasting(3)(timed(name, 60)) is None


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_probe_cache_reads_a_file_once_per_version(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "clip.mkv", 5)
    cache = ProbeCache(size=2)
    first = cache(clip)
    assert first is not None and 4.5 < first.run_time_seconds < 6
    assert first.video_codec == "x264" and first.audio_codec == "AAC"
    assert cache(clip) is first
    make_clip(tmp_path / "clip.mkv", 10)  # a new version of the file: read again
    later = time.time() + 5
    os.utime(clip, (later, later))
    second = cache(clip)
    assert second is not None and second is not first and second.run_time_seconds > 9.5
    assert cache(tmp_path / "missing.mkv") is None
    (tmp_path / "noise.mkv").write_bytes(os.urandom(4096))
    assert cache(tmp_path / "noise.mkv") is None
    assert cache(clip) is second  # still kept: the oldest entry went first
