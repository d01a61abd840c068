"""The TV library's tables (migrations: ``tv/migrations``, Alembic branch ``tv``).

Seasons, episodes and episode files hang off a series with ``ON DELETE CASCADE``; an
episode points at its file with ``ON DELETE SET NULL``, so removing a file row can never
leave an episode claiming a file that is gone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import UTCDateTime
from mediastack.manager.db import ManagerBase
from mediastack.manager.library.rows import ItemColumns, MediaFileColumns


class SeriesRow(ItemColumns, ManagerBase):
    __tablename__ = "series"

    tvmaze_id: Mapped[int] = mapped_column(Integer, unique=True)
    tvdb_id: Mapped[int | None] = mapped_column(Integer, index=True)
    imdb_id: Mapped[str | None] = mapped_column(String(20))
    tvrage_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    sort_title: Mapped[str] = mapped_column(String(500))
    title_slug: Mapped[str] = mapped_column(String(500), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    overview: Mapped[str] = mapped_column(Text)
    network: Mapped[str | None] = mapped_column(String(200))
    air_time: Mapped[str | None] = mapped_column(String(10))
    runtime: Mapped[int] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    first_aired: Mapped[date | None] = mapped_column(Date)
    last_aired: Mapped[date | None] = mapped_column(Date)
    genres: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(50))
    rating: Mapped[float | None] = mapped_column(Float)
    poster_url: Mapped[str | None] = mapped_column(String(1000))
    fanart_url: Mapped[str | None] = mapped_column(String(1000))
    series_type: Mapped[str] = mapped_column(String(20))
    season_folder: Mapped[bool] = mapped_column(Boolean)
    monitored: Mapped[bool] = mapped_column(Boolean)
    monitor_new_items: Mapped[str] = mapped_column(String(20))
    quality_profile_id: Mapped[int] = mapped_column(Integer)
    language_profile_id: Mapped[int] = mapped_column(Integer)


class SeasonRow(ManagerBase):
    __tablename__ = "seasons"
    __table_args__ = (UniqueConstraint("series_id", "season_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    season_number: Mapped[int] = mapped_column(Integer)
    monitored: Mapped[bool] = mapped_column(Boolean)
    poster_url: Mapped[str | None] = mapped_column(String(1000))


class EpisodeFileRow(MediaFileColumns, ManagerBase):
    __tablename__ = "episode_files"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    season_number: Mapped[int] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSON)
    media_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # tv_0005


class EpisodeRow(ManagerBase):
    __tablename__ = "episodes"
    __table_args__ = (
        UniqueConstraint("series_id", "season_number", "episode_number"),
        Index("ix_episodes_episode_file_id", "episode_file_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    tvmaze_id: Mapped[int | None] = mapped_column(Integer)
    season_number: Mapped[int] = mapped_column(Integer)
    episode_number: Mapped[int] = mapped_column(Integer)
    absolute_episode_number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    overview: Mapped[str] = mapped_column(Text)
    air_date: Mapped[date | None] = mapped_column(Date)
    air_date_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    runtime: Mapped[int | None] = mapped_column(Integer)
    monitored: Mapped[bool] = mapped_column(Boolean)
    episode_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("episode_files.id", ondelete="SET NULL")
    )
