"""Columns every media domain's library tables share (mixins for their row classes).

The migrations build the same columns from ``manager.domain_tables``; a series, a movie
and an artist end with the folder columns, and every file row records the same facts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import UTCDateTime


class ItemColumns:
    """A library item (series, movie, artist): where it lives and what the user attached."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    root_folder_path: Mapped[str] = mapped_column(String(1000))
    tags: Mapped[list[int]] = mapped_column(JSON)
    added: Mapped[datetime] = mapped_column(UTCDateTime)
    last_info_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)  # client fields kept for round-trips


class MediaFileColumns:
    """A file in the library and the release it came from."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    relative_path: Mapped[str] = mapped_column(String(1000))
    path: Mapped[str] = mapped_column(String(2000))
    size: Mapped[int] = mapped_column(BigInteger)
    date_added: Mapped[datetime] = mapped_column(UTCDateTime)
    scene_name: Mapped[str | None] = mapped_column(String(500))
    release_group: Mapped[str | None] = mapped_column(String(200))
    quality: Mapped[str] = mapped_column(String(100))


class FileDetailColumns:
    """What an import knows of a file and a rescan cannot: the full quality (revision:
    PROPER/REPACK/REAL), the custom-format score, the file it came from (a re-run must
    recognise its own work) and its download. Each table declares ``file_id`` itself,
    under its own column name (``episode_file_id``, ...)."""

    file_id: Mapped[int]
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str | None] = mapped_column(String(2000))
    download_id: Mapped[str | None] = mapped_column(String(100), index=True)
