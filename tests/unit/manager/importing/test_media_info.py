"""Media info from ffprobe, on a real (tiny) file made with ffmpeg, and its tokens."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mediastack.manager.importing.media_info import MediaInfo, from_probe, probe


def test_a_real_file_is_read(tmp_path: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None, "ffmpeg (Debian package) is needed"
    video = tmp_path / "clip.mkv"
    command = [ffmpeg, "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", "testsrc=duration=1:size=320x240:rate=5", "-f", "lavfi"]
    command += ["-i", "sine=duration=1", "-c:v", "mpeg4", "-c:a", "ac3", "-ac", "6"]
    command += ["-metadata:s:a:0", "language=ger", str(video)]
    subprocess.run(command, check=True)
    info = probe(video)
    assert info is not None
    assert (info.video_codec, info.audio_codec, info.audio_channels) == ("XviD", "AC3", 5.1)
    assert (info.width, info.height) == (320, 240) and info.run_time_seconds > 0.5
    tokens = info.tokens()
    assert tokens["Simple"] == "XviD AC3" and tokens["Full"] == "XviD AC3 [DE]"
    assert tokens["AudioChannels"] == "5.1" and tokens["VideoBitDepth"] == "8"
    assert MediaInfo.from_stored(info.stored()) == info
    assert info.resource()["resolution"] == "320x240"


def test_unreadable_files_and_odd_streams() -> None:
    assert probe(Path("/nonexistent/file.mkv")) is None
    assert from_probe({"streams": [{"codec_type": "audio", "codec_name": "flac"}]}) is None
    hdr = from_probe(
        {
            "streams": [
                {"codec_type": "video", "codec_name": "hevc", "pix_fmt": "yuv420p10le",
                 "color_transfer": "smpte2084", "tags": {"ENCODER": "x265 3.5"}},
                {"codec_type": "audio", "codec_name": "dts", "profile": "DTS-HD MA",
                 "channels": 8, "tags": {"language": "eng"}},
            ]
        }
    )  # fmt: skip
    assert hdr is not None
    tokens = hdr.tokens()
    assert tokens["VideoCodec"] == "x265" and tokens["VideoBitDepth"] == "10"
    assert tokens["VideoDynamicRangeType"] == "HDR10" and tokens["AudioCodec"] == "DTS-HD MA"
    assert tokens["AudioChannels"] == "7.1" and tokens["AudioLanguages"] == ""  # lone English
    assert tokens["AudioLanguagesAll"] == "[EN]"
