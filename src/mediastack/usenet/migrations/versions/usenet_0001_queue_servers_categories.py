"""usenet: jobs (queue and history), servers, categories, service state

Revision ID: usenet_0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db.base import UTCDateTime

revision: str = "usenet_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("usenet",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usenet_jobs",
        sa.Column("nzo_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("nzb_name", sa.String(500), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("pp", sa.Integer, nullable=False),
        sa.Column("script", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("nzb_path", sa.String(1000), nullable=False),
        sa.Column("nzb_hash", sa.String(64), nullable=False, index=True),
        sa.Column("password", sa.String(500), nullable=True),
        sa.Column("workdir", sa.String(1000), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("bytes", sa.BigInteger, nullable=False),
        sa.Column("bytes_done", sa.BigInteger, nullable=False),
        sa.Column("bytes_downloaded", sa.BigInteger, nullable=False),
        sa.Column("fail_message", sa.Text, nullable=False),
        sa.Column("storage", sa.String(1000), nullable=True),
        sa.Column("download_time", sa.Integer, nullable=False),
        sa.Column("postproc_time", sa.Integer, nullable=False),
        sa.Column("stage_log", sa.JSON, nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
    )
    op.create_table(
        "usenet_servers",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("config", sa.JSON, nullable=False),
    )
    op.create_table(
        "usenet_categories",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "usenet_state",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("usenet_state")
    op.drop_table("usenet_categories")
    op.drop_table("usenet_servers")
    op.drop_table("usenet_jobs")
