"""manager: indexers

Revision ID: manager_0003
Revises: manager_0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0003"
down_revision: str | Sequence[str] | None = "manager_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indexers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("implementation", sa.String(50), nullable=False),
        sa.Column("enable_rss", sa.Boolean, nullable=False),
        sa.Column("enable_automatic_search", sa.Boolean, nullable=False),
        sa.Column("enable_interactive_search", sa.Boolean, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("download_client_id", sa.Integer, nullable=False),
        sa.Column("season_search_maximum_single_episode_age", sa.Integer, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("indexers")
