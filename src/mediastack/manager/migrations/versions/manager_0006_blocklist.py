"""manager: blocklist, and RSS sync cursors that survive a restart

Revision ID: manager_0006
Revises: manager_0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db.base import UTCDateTime

revision: str = "manager_0006"
down_revision: str | Sequence[str] | None = "manager_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blocklist",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("child_ids", sa.JSON, nullable=False),
        sa.Column("source_title", sa.Text, nullable=False),
        sa.Column("quality", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("custom_formats", sa.JSON, nullable=False),
        sa.Column("protocol", sa.String(20), nullable=False),
        sa.Column("indexer", sa.String(200), nullable=True),
        sa.Column("torrent_info_hash", sa.String(64), nullable=True),
        sa.Column("published_date", UTCDateTime(), nullable=True),
        sa.Column("size", sa.BigInteger, nullable=True),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("date", UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_blocklist_item_title", "blocklist", ["item_id", "source_title"])
    op.create_index("ix_blocklist_info_hash", "blocklist", ["torrent_info_hash"])
    op.create_table(
        "rss_cursors",
        sa.Column("indexer_key", sa.String(300), primary_key=True),
        sa.Column("newest_publish_date", UTCDateTime(), nullable=False),
        sa.Column("seen_guids", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rss_cursors")
    op.drop_table("blocklist")
