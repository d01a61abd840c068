"""core: persisted commands, scheduled tasks and the scheduler lease

Revision ID: core_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db.base import UTCDateTime

revision: str = "core_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commands",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_commands_status", "commands", ["status"])
    op.create_table(
        "scheduled_tasks",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("interval_seconds", sa.Integer, nullable=False),
        sa.Column("last_execution", UTCDateTime(), nullable=True),
        sa.Column("last_start", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leases")
    op.drop_table("scheduled_tasks")
    op.drop_index("ix_commands_status", table_name="commands")
    op.drop_table("commands")
