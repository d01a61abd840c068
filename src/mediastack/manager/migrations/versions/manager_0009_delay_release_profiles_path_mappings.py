"""manager: delay profiles, release profiles and remote path mappings

Revision ID: manager_0009
Revises: manager_0008
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0009"
down_revision: str | Sequence[str] | None = "manager_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delay_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enable_usenet", sa.Boolean, nullable=False),
        sa.Column("enable_torrent", sa.Boolean, nullable=False),
        sa.Column("preferred_protocol", sa.String(20), nullable=False),
        sa.Column("usenet_delay", sa.Integer, nullable=False),
        sa.Column("torrent_delay", sa.Integer, nullable=False),
        sa.Column("bypass_if_highest_quality", sa.Boolean, nullable=False),
        sa.Column("bypass_if_above_custom_format_score", sa.Boolean, nullable=False),
        sa.Column("minimum_custom_format_score", sa.Integer, nullable=False),
        sa.Column("order", sa.Integer, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
    )
    op.create_table(
        "release_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("required", sa.JSON, nullable=False),
        sa.Column("ignored", sa.JSON, nullable=False),
        sa.Column("indexer_id", sa.Integer, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
    )
    op.create_table(
        "remote_path_mappings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("host", sa.String(500), nullable=False),
        sa.Column("remote_path", sa.String(2000), nullable=False),
        sa.Column("local_path", sa.String(2000), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("remote_path_mappings")
    op.drop_table("release_profiles")
    op.drop_table("delay_profiles")
