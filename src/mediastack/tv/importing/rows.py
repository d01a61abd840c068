"""Tables of the import path (migration ``tv_0002``).

``episode_file_details`` keeps what the library's ``episode_files`` row cannot say but an
upgrade decision needs: the full quality (revision: PROPER/REPACK/REAL), the custom-format
score, and the file the import came from (re-running an import must recognise its own work).
``tv_import_journal`` is the TV service's table of the engine's import journal
(``manager.importing.journal``).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase
from mediastack.manager.importing.journal import JournalColumns
from mediastack.manager.library.files import FileTables
from mediastack.manager.library.rows import FileDetailColumns
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow


class EpisodeFileDetailRow(FileDetailColumns, ManagerBase):
    __tablename__ = "episode_file_details"

    file_id: Mapped[int] = mapped_column(
        "episode_file_id", ForeignKey("episode_files.id", ondelete="CASCADE"), primary_key=True
    )


class ImportJournalRow(JournalColumns, ManagerBase):
    __tablename__ = "tv_import_journal"


FILES = FileTables(
    "sonarr",
    EpisodeFileRow,
    EpisodeFileRow.series_id,
    EpisodeRow,
    EpisodeRow.episode_file_id,
    EpisodeFileDetailRow,
)
