"""Options of one add request (qBittorrent's ``torrents/add`` form, typed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mediastack.torrent.engine.models import USE_GLOBAL
from mediastack.torrent.engine.settings import ContentLayout, ShareLimitAction


@dataclass(frozen=True, slots=True)
class AddTorrentOptions:
    """Everything an add may set; defaults mean "as configured"."""

    category: str = ""
    tags: Sequence[str] = ()
    save_path: Path | None = None  # absolute; default: the category's path
    download_path: Path | None = None  # absolute; default: settings.incomplete_path
    paused: bool | None = None  # None: settings.add_paused
    force_start: bool = False
    sequential: bool = False
    first_last_piece_prio: bool = False
    skip_checking: bool = False
    content_layout: ContentLayout | None = None  # None: settings.content_layout
    rename: str = ""
    file_priorities: Sequence[int] | None = None  # qBittorrent values 0/1/6/7 per file
    download_limit: int = 0  # bytes/s, 0 = unlimited
    upload_limit: int = 0
    ratio_limit: float = USE_GLOBAL
    seeding_time_limit: int = USE_GLOBAL  # minutes
    share_limit_action: ShareLimitAction | None = None
