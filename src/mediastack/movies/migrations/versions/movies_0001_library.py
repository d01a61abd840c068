"""movies: movies and movie files

Revision ID: movies_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db import UTCDateTime

revision: str = "movies_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("movies",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "movies",
        sa.Column("id", sa.Integer, primary_key=True),
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
        sa.Column("path", sa.String(1000), nullable=False, unique=True),
        sa.Column("root_folder_path", sa.String(1000), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("added", UTCDateTime, nullable=False),
        sa.Column("last_info_sync", UTCDateTime, nullable=True),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_table(
        "movie_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "movie_id",
            sa.Integer,
            sa.ForeignKey("movies.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("relative_path", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(2000), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("date_added", UTCDateTime, nullable=False),
        sa.Column("scene_name", sa.String(500), nullable=True),
        sa.Column("release_group", sa.String(200), nullable=True),
        sa.Column("quality", sa.String(100), nullable=False),
        sa.Column("edition", sa.String(200), nullable=True),
        sa.Column("languages", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("movie_files")
    op.drop_table("movies")
