"""manager: import list exclusions

Revision ID: manager_0010
Revises: manager_0009
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0010"
down_revision: str | Sequence[str] | None = "manager_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_list_exclusions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("external_id", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("year", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("import_list_exclusions")
