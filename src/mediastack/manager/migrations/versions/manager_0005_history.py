"""manager: history of grabs, imports and failures

Revision ID: manager_0005
Revises: manager_0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db.base import UTCDateTime

revision: str = "manager_0005"
down_revision: str | Sequence[str] | None = "manager_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("child_id", sa.Integer, nullable=False),
        sa.Column("source_title", sa.Text, nullable=False),
        sa.Column("quality", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("custom_formats", sa.JSON, nullable=False),
        sa.Column("custom_format_score", sa.Integer, nullable=False),
        sa.Column("download_id", sa.String(100), nullable=True),
        sa.Column("date", UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_history_download_id", "history", ["download_id"])
    op.create_index("ix_history_item_child", "history", ["item_id", "child_id"])
    op.create_index("ix_history_date", "history", ["date"])


def downgrade() -> None:
    op.drop_table("history")
