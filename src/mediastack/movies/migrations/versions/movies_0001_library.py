"""movies: movies and movie files

Revision ID: movies_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.manager import domain_tables as tables

revision: str = "movies_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("movies",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "movies",
        tables.primary_id(),
        sa.Column("tmdb_id", sa.Integer, nullable=False, unique=True),
        sa.Column("imdb_id", sa.String(20), nullable=True, index=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("original_title", sa.String(500), nullable=False),
        sa.Column("original_language", sa.String(20), nullable=True),
        sa.Column("sort_title", sa.String(500), nullable=False),
        sa.Column("title_slug", sa.String(500), nullable=False, unique=True),
        sa.Column("tmdb_status", sa.String(50), nullable=False),
        sa.Column("overview", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("in_cinemas", sa.Date, nullable=True, index=True),
        sa.Column("digital_release", sa.Date, nullable=True, index=True),
        sa.Column("physical_release", sa.Date, nullable=True, index=True),
        sa.Column("runtime", sa.Integer, nullable=False),
        sa.Column("genres", sa.JSON, nullable=False),
        sa.Column("studio", sa.String(500), nullable=True),
        sa.Column("website", sa.String(1000), nullable=True),
        sa.Column("certification", sa.String(50), nullable=True),
        sa.Column("rating", sa.Float, nullable=True),
        sa.Column("votes", sa.Integer, nullable=False),
        sa.Column("popularity", sa.Float, nullable=False),
        sa.Column("poster_url", sa.String(1000), nullable=True),
        sa.Column("fanart_url", sa.String(1000), nullable=True),
        sa.Column("youtube_trailer_id", sa.String(50), nullable=True),
        sa.Column("collection_tmdb_id", sa.Integer, nullable=True),
        sa.Column("collection_title", sa.String(500), nullable=True),
        sa.Column("alternate_titles", sa.JSON, nullable=False),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("minimum_availability", sa.String(20), nullable=False),
        sa.Column("quality_profile_id", sa.Integer, nullable=False),
        *tables.item_folder_columns(),
    )
    op.create_table(
        "movie_files",
        tables.primary_id(),
        tables.parent_id("movie_id", "movies", unique=True),
        *tables.media_file_columns(),
        sa.Column("edition", sa.String(200), nullable=True),
        sa.Column("languages", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    tables.drop_tables("movie_files", "movies")
