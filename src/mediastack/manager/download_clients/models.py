"""Download-client definitions as stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.manager.db import ManagerBase

__all__ = ["DownloadClientRow", "ManagerBase"]


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
