"""Tables of the music import path (migration ``music_0002``).

``track_file_details`` keeps what a ``track_files`` row cannot say but an upgrade needs:
the full quality (revision), the custom-format score, the file the import came from (so a
re-run recognises its own work) and the download it belonged to.
``music_import_journal`` is the music service's table of the engine's import journal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase
from mediastack.manager.importing.journal import JournalColumns


class TrackFileDetailRow(ManagerBase):
    __tablename__ = "track_file_details"

    track_file_id: Mapped[int] = mapped_column(
        ForeignKey("track_files.id", ondelete="CASCADE"), primary_key=True
    )
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str | None] = mapped_column(String(2000))
    download_id: Mapped[str | None] = mapped_column(String(100), index=True)


class MusicImportJournalRow(JournalColumns, ManagerBase):
    __tablename__ = "music_import_journal"
