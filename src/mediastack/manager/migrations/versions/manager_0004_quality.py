"""manager: quality definitions, quality profiles, custom formats

Revision ID: manager_0004
Revises: manager_0003
Create Date: 2026-11-24

The default profiles are seeded at start (``ProfileStore.seed_defaults``), not here: they
depend on the flavour, which a shared migration does not know.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0004"
down_revision: str | Sequence[str] | None = "manager_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quality_definitions",
        sa.Column("quality_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("min_size", sa.Float, nullable=False),
        sa.Column("preferred_size", sa.Float, nullable=True),
        sa.Column("max_size", sa.Float, nullable=True),
    )
    op.create_table(
        "quality_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("upgrade_allowed", sa.Boolean, nullable=False),
        sa.Column("cutoff", sa.Integer, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("min_format_score", sa.Integer, nullable=False),
        sa.Column("cutoff_format_score", sa.Integer, nullable=False),
        sa.Column("min_upgrade_format_score", sa.Integer, nullable=False),
        sa.Column("format_items", sa.JSON, nullable=False),
        sa.Column("language", sa.Integer, nullable=True),
    )
    op.create_table(
        "custom_formats",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("include_when_renaming", sa.Boolean, nullable=False),
        sa.Column("specifications", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("custom_formats")
    op.drop_table("quality_profiles")
    op.drop_table("quality_definitions")
