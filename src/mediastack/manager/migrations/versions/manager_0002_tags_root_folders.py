"""manager: tags and root folders

Revision ID: manager_0002
Revises: manager_0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0002"
down_revision: str | Sequence[str] | None = "manager_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "root_folders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.String(1000), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("root_folders")
    op.drop_table("tags")
