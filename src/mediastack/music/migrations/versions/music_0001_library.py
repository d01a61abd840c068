"""music: metadata profiles, artists, albums, tracks and track files

Revision ID: music_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mediastack.core.db import UTCDateTime
from mediastack.manager import domain_tables as tables

revision: str = "music_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("music",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    profiles = op.create_table(
        "metadata_profiles",
        tables.primary_id(),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("primary_types", sa.JSON, nullable=False),
        sa.Column("secondary_types", sa.JSON, nullable=False),
        sa.Column("release_statuses", sa.JSON, nullable=False),
    )
    # Lidarr's "Standard" profile: studio albums, official releases.
    op.bulk_insert(
        profiles,
        [
            {
                "id": 1,
                "name": "Standard",
                "primary_types": ["Album"],
                "secondary_types": ["Studio"],
                "release_statuses": ["Official"],
            }
        ],
    )
    op.create_table(
        "artists",
        tables.primary_id(),
        sa.Column("mbid", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("sort_name", sa.String(500), nullable=False),
        sa.Column("clean_name", sa.String(500), nullable=False, index=True),
        sa.Column("disambiguation", sa.String(1000), nullable=False),
        sa.Column("artist_type", sa.String(50), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("overview", sa.Text, nullable=False),
        sa.Column("genres", sa.JSON, nullable=False),
        sa.Column("links", sa.JSON, nullable=False),
        sa.Column("rating", sa.Float, nullable=True),
        sa.Column("rating_votes", sa.Integer, nullable=False),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("monitor_new_items", sa.String(20), nullable=False),
        sa.Column("quality_profile_id", sa.Integer, nullable=False),
        sa.Column("metadata_profile_id", sa.Integer, nullable=False),
        *tables.item_folder_columns(),
    )
    op.create_table(
        "albums",
        tables.primary_id(),
        tables.parent_id("artist_id", "artists"),
        sa.Column("mbid", sa.String(36), nullable=False, index=True),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("disambiguation", sa.String(1000), nullable=False),
        sa.Column("album_type", sa.String(20), nullable=False),
        sa.Column("secondary_types", sa.JSON, nullable=False),
        sa.Column("release_date", sa.Date, nullable=True, index=True),
        sa.Column("genres", sa.JSON, nullable=False),
        sa.Column("rating", sa.Float, nullable=True),
        sa.Column("rating_votes", sa.Integer, nullable=False),
        sa.Column("monitored", sa.Boolean, nullable=False),
        sa.Column("any_release_ok", sa.Boolean, nullable=False),
        sa.Column("release_mbid", sa.String(36), nullable=True),
        sa.Column("releases", sa.JSON, nullable=False),
        sa.Column("cover_url", sa.String(1000), nullable=True),
        sa.Column("added", UTCDateTime, nullable=False),
        sa.Column("last_info_sync", UTCDateTime, nullable=True),
        sa.UniqueConstraint("artist_id", "mbid"),
    )
    op.create_table(
        "track_files",
        tables.primary_id(),
        tables.parent_id("artist_id", "artists", index=True),
        tables.parent_id("album_id", "albums", index=True),
        *tables.media_file_columns(),
        sa.Column("audio_tags", sa.JSON, nullable=False),
    )
    op.create_table(
        "tracks",
        tables.primary_id(),
        tables.parent_id("artist_id", "artists"),
        tables.parent_id("album_id", "albums", index=True),
        sa.Column("mbid", sa.String(36), nullable=False),
        sa.Column("recording_mbid", sa.String(36), nullable=False, index=True),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("medium_number", sa.Integer, nullable=False),
        sa.Column("track_number", sa.String(20), nullable=False),
        sa.Column("absolute_number", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        tables.file_link("track_file_id", "track_files", index=True),
        sa.UniqueConstraint("album_id", "mbid"),
    )


def downgrade() -> None:
    tables.drop_tables("tracks", "track_files", "albums", "artists", "metadata_profiles")
