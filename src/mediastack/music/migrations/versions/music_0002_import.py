"""music: settings sections, import details of track files, the import journal

Revision ID: music_0002
Revises: music_0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db import UTCDateTime

revision: str = "music_0002"
down_revision: str | Sequence[str] | None = "music_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "music_config",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    op.create_table(
        "track_file_details",
        sa.Column(
            "track_file_id",
            sa.Integer,
            sa.ForeignKey("track_files.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("quality", sa.JSON, nullable=False),
        sa.Column("custom_format_score", sa.Integer, nullable=False),
        sa.Column("source_path", sa.String(2000), nullable=True),
        sa.Column("download_id", sa.String(100), nullable=True, index=True),
    )
    op.create_table(
        "music_import_journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("music_import_journal")
    op.drop_table("track_file_details")
    op.drop_table("music_config")
