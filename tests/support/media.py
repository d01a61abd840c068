"""Real, small video files made with Debian's ffmpeg, for imports that probe what they import.

A clip is H.264 video (x264) of ffmpeg's test pattern with a sine tone in AAC, in Matroska: what
ffprobe reads from it (duration, codecs, size, channels) is what it reads from a real
episode, only tiny (64x48 at one frame every five seconds, 8 kHz mono). An eleven-minute
episode is about 0.8 MB and takes a second or two to encode, so callers make each length
once (``clip``) and copy it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

EPISODE_SECONDS = 660  # over the originals' 10-minute sample limit for hour-long series
SAMPLE_SECONDS = 20


def ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise RuntimeError("ffmpeg is not installed (apt-get install ffmpeg)")
    return path


def make_clip(path: Path, seconds: float, *, frequency: int = 440) -> Path:
    """Encode a ``seconds`` long Matroska clip at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            ffmpeg(), "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=size=64x48:rate=1/5",
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:sample_rate=8000",
            "-t", str(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "40",
            "-c:a", "aac", "-b:a", "8k", "-ac", "1",
            "-metadata:s:a:0", "language=eng",
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    return path


def clip(cache: Path, seconds: float) -> Path:
    """The ``seconds`` long clip in ``cache``, encoded on first use."""
    path = cache / f"clip-{seconds:g}s.mkv"
    if not path.exists():
        partial = make_clip(cache / f".{path.name}.part.mkv", seconds)
        partial.rename(path)
    return path


def place_copies(source: Path, destinations: list[Path]) -> list[Path]:
    """Copy one clip to every destination (a season pack of identical episodes)."""
    for destination in destinations:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return destinations
