"""tv: series, seasons, episodes and episode files

Revision ID: tv_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db import UTCDateTime
from mediastack.manager import domain_tables as tables

revision: str = "tv_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("tv",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "series",
        tables.primary_id(),
        sa.Column("tvmaze_id", sa.Integer, nullable=False, unique=True),
        sa.Column("tvdb_id", sa.Integer, nullable=True, index=True),
        sa.Column("imdb_id", sa.String(20), nullable=True),
        sa.Column("tvrage_id", sa.Integer, nullable=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("sort_title", sa.String(500), nullable=False),
        sa.Column("title_slug", sa.String(500), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("overview", sa.Text, nullable=False),
        sa.Column("network", sa.String(200), nullable=True),
        sa.Column("air_time", sa.String(10), nullable=True),
        sa.Column("runtime", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("first_aired", sa.Date, nullable=True),
        sa.Column("last_aired", sa.Date, nullable=True),
        sa.Column("genres", sa.JSON, nullable=False),
        sa.Column("language", sa.String(50), nullable=True),
        sa.Column("rating", sa.Float, nullable=True),
        sa.Column("poster_url", sa.String(1000), nullable=True),
        sa.Column("fanart_url", sa.String(1000), nullable=True),
        sa.Column("series_type", sa.String(20), nullable=False),
        sa.Column("season_folder", sa.Boolean, nullable=False),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("monitor_new_items", sa.String(20), nullable=False),
        sa.Column("quality_profile_id", sa.Integer, nullable=False),
        sa.Column("language_profile_id", sa.Integer, nullable=False),
        *tables.item_folder_columns(),
    )
    op.create_table(
        "seasons",
        tables.primary_id(),
        tables.parent_id("series_id", "series"),
        sa.Column("season_number", sa.Integer, nullable=False),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("poster_url", sa.String(1000), nullable=True),
        sa.UniqueConstraint("series_id", "season_number"),
    )
    op.create_table(
        "episode_files",
        tables.primary_id(),
        tables.parent_id("series_id", "series", index=True),
        sa.Column("season_number", sa.Integer, nullable=False),
        *tables.media_file_columns(),
        sa.Column("languages", sa.JSON, nullable=False),
    )
    op.create_table(
        "episodes",
        tables.primary_id(),
        tables.parent_id("series_id", "series"),
        sa.Column("tvmaze_id", sa.Integer, nullable=True),
        sa.Column("season_number", sa.Integer, nullable=False),
        sa.Column("episode_number", sa.Integer, nullable=False),
        sa.Column("absolute_episode_number", sa.Integer, nullable=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("overview", sa.Text, nullable=False),
        sa.Column("air_date", sa.Date, nullable=True),
        sa.Column("air_date_utc", UTCDateTime, nullable=True),
        sa.Column("runtime", sa.Integer, nullable=True),
        sa.Column("monitored", sa.Boolean, nullable=False),
        tables.file_link("episode_file_id", "episode_files"),
        sa.UniqueConstraint("series_id", "season_number", "episode_number"),
        sa.Index("ix_episodes_episode_file_id", "episode_file_id"),
    )


def downgrade() -> None:
    tables.drop_tables("episodes", "episode_files", "seasons", "series")
