"""Tables of the import path (migration ``tv_0002``).

``episode_file_details`` keeps what the library's ``episode_files`` row cannot say but an
upgrade decision needs: the full quality (revision: PROPER/REPACK/REAL), the custom-format
score, and the file the import came from (re-running an import must recognise its own work).
``tv_import_journal`` is the TV service's table of the engine's import journal
(``manager.importing.journal``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase
from mediastack.manager.importing.journal import JournalColumns


class EpisodeFileDetailRow(ManagerBase):
    __tablename__ = "episode_file_details"

    episode_file_id: Mapped[int] = mapped_column(
        ForeignKey("episode_files.id", ondelete="CASCADE"), primary_key=True
    )
    quality: Mapped[dict[str, Any]] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str | None] = mapped_column(String(2000))
    download_id: Mapped[str | None] = mapped_column(String(100), index=True)


class ImportJournalRow(JournalColumns, ManagerBase):
    __tablename__ = "tv_import_journal"
