"""tv: file-handling settings, import details of episode files, the import journal

Revision ID: tv_0002
Revises: tv_0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager import domain_tables as tables

revision: str = "tv_0002"
down_revision: str | Sequence[str] | None = "tv_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tables.create_config_table("tv_config")
    tables.create_file_details_table("episode_file_details", "episode_file_id", "episode_files")
    tables.create_journal_table("tv_import_journal")


def downgrade() -> None:
    tables.drop_tables("tv_import_journal", "episode_file_details", "tv_config")
