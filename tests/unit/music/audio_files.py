"""Tiny but valid audio files built by hand, so tag tests need no encoder (no ffmpeg here).

A FLAC file is its ``fLaC`` marker and a STREAMINFO block (no audio frames are needed for
tags); an MP3 is a run of silent MPEG-1 Layer III frames. mutagen then writes the tags.
"""

from __future__ import annotations

from pathlib import Path

from mutagen.easyid3 import EasyID3
from mutagen.flac import FLAC


def make_flac(path: Path, tags: dict[str, str], seconds: int = 1) -> Path:
    rate, channels, bits = 44100, 2, 16
    info = (4096).to_bytes(2, "big") * 2 + (0).to_bytes(3, "big") * 2
    packed = (rate << 44) | ((channels - 1) << 41) | ((bits - 1) << 36) | (rate * seconds)
    info += packed.to_bytes(8, "big") + bytes(16)
    path.write_bytes(b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info)
    audio = FLAC(path)  # type: ignore[no-untyped-call]
    for key, value in tags.items():
        audio[key] = value
    audio.save()
    return path


def make_mp3(path: Path, tags: dict[str, str], frames: int = 40) -> Path:
    frame = b"\xff\xfb\x90\x00" + bytes(417 - 4)  # 128 kbit/s, 44.1 kHz, no padding
    path.write_bytes(frame * frames)
    easy = EasyID3()  # type: ignore[no-untyped-call]
    for key, value in tags.items():
        easy[key] = value
    easy.save(path)
    return path
