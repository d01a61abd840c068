"""The read models carry every field the recorded qBittorrent responses have."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mediastack.torrent.engine import TorrentFile, TorrentInfo

GOLDEN = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "qbittorrent-webapi"
needs_golden = pytest.mark.skipif(not GOLDEN.is_dir(), reason="shared reference data absent")

# torrents/properties names that are renames of TorrentInfo fields (the WebAPI maps them)
PROPERTY_ALIASES = {
    "addition_date": "added_on",
    "completion_date": "completion_on",
    "dl_speed": "dlspeed",
    "up_speed": "upspeed",
    "dl_speed_avg": "dl_speed_avg",
    "up_speed_avg": "up_speed_avg",
    "last_seen": "seen_complete",
    "peers": "num_leechs",
    "seeds": "num_seeds",
    "peers_total": "num_incomplete",
    "seeds_total": "num_complete",
    "share_ratio": "ratio",
    "time_elapsed": "time_active",
    "total_downloaded": "downloaded",
    "total_uploaded": "uploaded",
    "total_downloaded_session": "downloaded_session",
    "total_uploaded_session": "uploaded_session",
}


def _bodies(name: str) -> list[Any]:
    return [ex["response"]["body"] for ex in json.loads((GOLDEN / name).read_text())]


def _names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} | {
        n for n, v in vars(cls).items() if isinstance(v, property)
    }


@needs_golden
def test_torrent_info_has_every_torrents_info_key() -> None:
    keys = {
        k
        for body in _bodies("torrents_info__all.json")
        if isinstance(body, list)
        for t in body
        for k in t
    }
    assert keys and keys <= _names(TorrentInfo)


@needs_golden
def test_torrent_info_covers_torrents_properties() -> None:
    keys = {
        k for body in _bodies("torrents_properties.json") if isinstance(body, dict) for k in body
    }
    mapped = {PROPERTY_ALIASES.get(k, k) for k in keys}
    assert mapped <= _names(TorrentInfo)


@needs_golden
def test_torrent_file_has_every_torrents_files_key() -> None:
    keys = {k for body in _bodies("torrents_files.json") for f in body for k in f}
    assert keys <= _names(TorrentFile)
