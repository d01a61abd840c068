"""tv: what ffprobe read from each episode file (``episodefile.mediaInfo``, naming tokens)

Revision ID: tv_0005
Revises: tv_0004
Create Date: 2026-11-24

Null for files imported before (or with media info analysis turned off), as Sonarr shows
no ``mediaInfo`` for a file it has not analysed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tv_0005"
down_revision: str | Sequence[str] | None = "tv_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("episode_files", sa.Column("media_info", sa.JSON, nullable=True))


def downgrade() -> None:
    # in place (SQLite 3.35+): a batch copy of the table would drop its tv_0003 triggers
    op.drop_column("episode_files", "media_info")
