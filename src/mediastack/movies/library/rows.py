"""The movie library's tables (migrations: ``movies/migrations``, Alembic branch ``movies``).

A movie has at most one file (as in Radarr); ``movie_files.movie_id`` is unique and
cascades, so deleting a movie can never leave a file row claiming it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase
from mediastack.manager.importing.journal import JournalColumns
from mediastack.manager.library.rows import ItemColumns, MediaFileColumns


class MovieRow(ItemColumns, ManagerBase):
    __tablename__ = "movies"

    tmdb_id: Mapped[int] = mapped_column(Integer, unique=True)
    imdb_id: Mapped[str | None] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(500))
    original_title: Mapped[str] = mapped_column(String(500))
    original_language: Mapped[str | None] = mapped_column(String(20))
    sort_title: Mapped[str] = mapped_column(String(500))
    title_slug: Mapped[str] = mapped_column(String(500), unique=True)
    tmdb_status: Mapped[str] = mapped_column(String(50))
    overview: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    in_cinemas: Mapped[date | None] = mapped_column(Date, index=True)
    digital_release: Mapped[date | None] = mapped_column(Date, index=True)
    physical_release: Mapped[date | None] = mapped_column(Date, index=True)
    runtime: Mapped[int] = mapped_column(Integer)
    genres: Mapped[list[str]] = mapped_column(JSON)
    studio: Mapped[str | None] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(1000))
    certification: Mapped[str | None] = mapped_column(String(50))
    rating: Mapped[float | None] = mapped_column(Float)
    votes: Mapped[int] = mapped_column(Integer)
    popularity: Mapped[float] = mapped_column(Float)
    poster_url: Mapped[str | None] = mapped_column(String(1000))
    fanart_url: Mapped[str | None] = mapped_column(String(1000))
    youtube_trailer_id: Mapped[str | None] = mapped_column(String(50))
    collection_tmdb_id: Mapped[int | None] = mapped_column(Integer)
    collection_title: Mapped[str | None] = mapped_column(String(500))
    alternate_titles: Mapped[list[str]] = mapped_column(JSON)
    monitored: Mapped[bool] = mapped_column(Boolean)
    minimum_availability: Mapped[str] = mapped_column(String(20))
    quality_profile_id: Mapped[int] = mapped_column(Integer)


class MovieFileRow(MediaFileColumns, ManagerBase):
    __tablename__ = "movie_files"

    movie_id: Mapped[int] = mapped_column(ForeignKey("movies.id", ondelete="CASCADE"), unique=True)
    edition: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(JSON)
    # what an import knows and a rescan cannot (migration movies_0002): the full quality
    # (revision), the custom-format score, the file it came from, its media info
    quality_model: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    custom_format_score: Mapped[int] = mapped_column(Integer, default=0)
    original_file_path: Mapped[str | None] = mapped_column(String(2000))
    download_id: Mapped[str | None] = mapped_column(String(100))
    media_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MovieImportJournalRow(JournalColumns, ManagerBase):
    """The movie service's table of the engine's import journal."""

    __tablename__ = "movies_import_journal"
