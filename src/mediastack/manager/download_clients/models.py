"""Download-client definitions as stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mediastack.core.db.base import NAMING_CONVENTION


class ManagerBase(DeclarativeBase):
    """Tables of the manager engine (shared by tv, movies and music)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DownloadClientRow(ManagerBase):
    __tablename__ = "download_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    implementation: Mapped[str] = mapped_column(String(50))
    enable: Mapped[bool] = mapped_column(Boolean)
    priority: Mapped[int] = mapped_column(Integer)
    remove_completed_downloads: Mapped[bool] = mapped_column(Boolean)
    remove_failed_downloads: Mapped[bool] = mapped_column(Boolean)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    tags: Mapped[list[int]] = mapped_column(JSON)
