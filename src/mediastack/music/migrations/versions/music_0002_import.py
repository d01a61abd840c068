"""music: settings sections, import details of track files, the import journal

Revision ID: music_0002
Revises: music_0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager import domain_tables as tables

revision: str = "music_0002"
down_revision: str | Sequence[str] | None = "music_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tables.create_config_table("music_config")
    tables.create_file_details_table("track_file_details", "track_file_id", "track_files")
    tables.create_journal_table("music_import_journal")


def downgrade() -> None:
    tables.drop_tables("music_import_journal", "track_file_details", "music_config")
