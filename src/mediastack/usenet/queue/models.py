"""What the queue stores: jobs (queue and history alike), servers, categories, state.

A job is one row from the moment it is added until it is deleted from history; its
``status`` says where it is (SABnzbd's strings). The NZB itself is kept as a gzip file under
``<config>/nzbs/`` so that a retry, a restart or a crash can always start the job again.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mediastack.core.db.base import NAMING_CONVENTION, UTCDateTime
from mediastack.usenet.engine import JobStatus

__all__ = [
    "HISTORY_STATUSES",
    "QUEUE_STATUSES",
    "CategoryRow",
    "JobRow",
    "Priority",
    "ServerRow",
    "StateRow",
    "UsenetBase",
]


class UsenetBase(DeclarativeBase):
    """Tables of the usenet service (migrations: usenet/migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Priority(IntEnum):
    """SABnzbd's priorities; ``DEFAULT`` (-100) means "the category's", ``PAUSED`` adds paused."""

    DEFAULT = -100
    PAUSED = -2
    LOW = -1
    NORMAL = 0
    HIGH = 1
    FORCE = 2

    @property
    def label(self) -> str:
        """The name SABnzbd's queue shows (``Default``, ``Low``, ``Normal`` ...)."""
        return self.name.capitalize()


QUEUE_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.DOWNLOADING, JobStatus.PAUSED})
"""Statuses shown in the queue; every other status belongs to history (post-processing
included, because the managers only look for Verifying/Repairing/... in history)."""

HISTORY_STATUSES = frozenset(set(JobStatus) - QUEUE_STATUSES)


class JobRow(UsenetBase):
    __tablename__ = "usenet_jobs"

    nzo_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    nzb_name: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(100))
    priority: Mapped[int] = mapped_column(Integer)
    pp: Mapped[int] = mapped_column(Integer)
    script: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    nzb_path: Mapped[str] = mapped_column(String(1000))
    nzb_hash: Mapped[str] = mapped_column(String(64), index=True)
    password: Mapped[str | None] = mapped_column(String(500), nullable=True)
    workdir: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    bytes: Mapped[int] = mapped_column(BigInteger)
    bytes_done: Mapped[int] = mapped_column(BigInteger)
    bytes_downloaded: Mapped[int] = mapped_column(BigInteger)
    fail_message: Mapped[str] = mapped_column(Text)
    storage: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    download_time: Mapped[int] = mapped_column(Integer)
    postproc_time: Mapped[int] = mapped_column(Integer)
    stage_log: Mapped[list[list[str]]] = mapped_column(JSON)
    url: Mapped[str] = mapped_column(String(2000))
    archived: Mapped[bool] = mapped_column(Boolean)

    @property
    def in_queue(self) -> bool:
        return self.status in QUEUE_STATUSES


class ServerRow(UsenetBase):
    """A server set through the API; ``config`` holds :class:`ServerConfig` fields."""

    __tablename__ = "usenet_servers"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)


class CategoryRow(UsenetBase):
    """A category set (or, ``removed``, deleted) through the API."""

    __tablename__ = "usenet_categories"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    removed: Mapped[bool] = mapped_column(Boolean)


class StateRow(UsenetBase):
    """Service-wide switches that survive a restart (global pause, speed limit)."""

    __tablename__ = "usenet_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
