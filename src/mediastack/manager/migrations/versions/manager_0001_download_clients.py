"""manager: download clients

Revision ID: manager_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("manager",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "download_clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("implementation", sa.String(50), nullable=False),
        sa.Column("enable", sa.Boolean, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("remove_completed_downloads", sa.Boolean, nullable=False),
        sa.Column("remove_failed_downloads", sa.Boolean, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("download_clients")
