"""manager: notification connections (Webhook, ...)

Revision ID: manager_0007
Revises: manager_0006
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0007"
down_revision: str | Sequence[str] | None = "manager_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("implementation", sa.String(50), nullable=False),
        sa.Column("on_grab", sa.Boolean, nullable=False),
        sa.Column("on_download", sa.Boolean, nullable=False),
        sa.Column("on_upgrade", sa.Boolean, nullable=False),
        sa.Column("on_rename", sa.Boolean, nullable=False),
        sa.Column("on_series_delete", sa.Boolean, nullable=False),
        sa.Column("on_episode_file_delete", sa.Boolean, nullable=False),
        sa.Column("on_health_issue", sa.Boolean, nullable=False),
        sa.Column("include_health_warnings", sa.Boolean, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notifications")
