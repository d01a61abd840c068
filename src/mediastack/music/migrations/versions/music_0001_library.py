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

revision: str = "music_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("music",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    profiles = op.create_table(
        "metadata_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
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
        sa.Column("id", sa.Integer, primary_key=True),
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
        sa.Column("path", sa.String(1000), nullable=False, unique=True),
        sa.Column("root_folder_path", sa.String(1000), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("added", UTCDateTime, nullable=False),
        sa.Column("last_info_sync", UTCDateTime, nullable=True),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_table(
        "albums",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artist_id", sa.Integer, sa.ForeignKey("artists.id", ondelete="CASCADE"), nullable=False
        ),
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
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artist_id",
            sa.Integer,
            sa.ForeignKey("artists.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "album_id",
            sa.Integer,
            sa.ForeignKey("albums.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("relative_path", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(2000), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("date_added", UTCDateTime, nullable=False),
        sa.Column("scene_name", sa.String(500), nullable=True),
        sa.Column("release_group", sa.String(200), nullable=True),
        sa.Column("quality", sa.String(100), nullable=False),
        sa.Column("audio_tags", sa.JSON, nullable=False),
    )
    op.create_table(
        "tracks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artist_id", sa.Integer, sa.ForeignKey("artists.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "album_id",
            sa.Integer,
            sa.ForeignKey("albums.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("mbid", sa.String(36), nullable=False),
        sa.Column("recording_mbid", sa.String(36), nullable=False, index=True),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("medium_number", sa.Integer, nullable=False),
        sa.Column("track_number", sa.String(20), nullable=False),
        sa.Column("absolute_number", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column(
            "track_file_id",
            sa.Integer,
            sa.ForeignKey("track_files.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.UniqueConstraint("album_id", "mbid"),
    )


def downgrade() -> None:
    op.drop_table("tracks")
    op.drop_table("track_files")
    op.drop_table("albums")
    op.drop_table("artists")
    op.drop_table("metadata_profiles")
