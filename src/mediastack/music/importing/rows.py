"""Tables of the music import path (migration ``music_0002``).

``track_file_details`` keeps what a ``track_files`` row cannot say but an upgrade needs:
the full quality (revision), the custom-format score, the file the import came from (so a
re-run recognises its own work) and the download it belonged to.
``music_import_journal`` is the music service's table of the engine's import journal.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase
from mediastack.manager.importing.journal import JournalColumns
from mediastack.manager.library.files import FileTables
from mediastack.manager.library.rows import FileDetailColumns
from mediastack.music.library.rows import TrackFileRow, TrackRow


class TrackFileDetailRow(FileDetailColumns, ManagerBase):
    __tablename__ = "track_file_details"

    file_id: Mapped[int] = mapped_column(
        "track_file_id", ForeignKey("track_files.id", ondelete="CASCADE"), primary_key=True
    )


class MusicImportJournalRow(JournalColumns, ManagerBase):
    __tablename__ = "music_import_journal"


FILES = FileTables(
    "lidarr",
    TrackFileRow,
    TrackFileRow.artist_id,
    TrackRow,
    TrackRow.track_file_id,
    TrackFileDetailRow,
)
