"""movies: file-handling settings, import details of movie files, the import journal

Revision ID: movies_0002
Revises: movies_0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.manager import domain_tables as tables

revision: str = "movies_0002"
down_revision: str | Sequence[str] | None = "movies_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tables.create_config_table("movies_config")
    tables.create_journal_table("movies_import_journal")
    with op.batch_alter_table("movie_files") as batch:
        batch.add_column(sa.Column("quality_model", sa.JSON, nullable=True))
        batch.add_column(
            sa.Column("custom_format_score", sa.Integer, nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("original_file_path", sa.String(2000), nullable=True))
        batch.add_column(sa.Column("download_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("media_info", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("movie_files") as batch:
        for column in (
            "media_info",
            "download_id",
            "original_file_path",
            "custom_format_score",
            "quality_model",
        ):
            batch.drop_column(column)
    tables.drop_tables("movies_import_journal", "movies_config")
