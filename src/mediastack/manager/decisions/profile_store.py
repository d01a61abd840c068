"""Stored delay profiles and release profiles (``delay_profiles``, ``release_profiles``).

The global delay profile (id 1) is created on first use and can be changed but never
deleted or given tags; the others are kept in the user's order.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.decisions.delay import (
    GLOBAL_ID,
    GLOBAL_ORDER,
    DelayProfile,
    default_delay_profile,
)
from mediastack.manager.decisions.release_profiles import ReleaseProfile


class DelayProfileRow(ManagerBase):
    __tablename__ = "delay_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enable_usenet: Mapped[bool] = mapped_column(Boolean)
    enable_torrent: Mapped[bool] = mapped_column(Boolean)
    preferred_protocol: Mapped[str] = mapped_column(String(20))
    usenet_delay: Mapped[int] = mapped_column(Integer)
    torrent_delay: Mapped[int] = mapped_column(Integer)
    bypass_if_highest_quality: Mapped[bool] = mapped_column(Boolean)
    bypass_if_above_custom_format_score: Mapped[bool] = mapped_column(Boolean)
    minimum_custom_format_score: Mapped[int] = mapped_column(Integer)
    order: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[int]] = mapped_column(JSON)


class ReleaseProfileRow(ManagerBase):
    __tablename__ = "release_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    required: Mapped[list[str]] = mapped_column(JSON)
    ignored: Mapped[list[str]] = mapped_column(JSON)
    indexer_id: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[int]] = mapped_column(JSON)


def _delay(row: DelayProfileRow) -> DelayProfile:
    return DelayProfile(
        preferred_protocol="torrent" if row.preferred_protocol == "torrent" else "usenet",
        enable_usenet=row.enable_usenet,
        enable_torrent=row.enable_torrent,
        usenet_delay_minutes=row.usenet_delay,
        torrent_delay_minutes=row.torrent_delay,
        bypass_if_highest_quality=row.bypass_if_highest_quality,
        bypass_if_above_custom_format_score=row.bypass_if_above_custom_format_score,
        minimum_custom_format_score=row.minimum_custom_format_score,
        tags=tuple(row.tags),
        id=row.id,
        order=row.order,
    )


def _write_delay(row: DelayProfileRow, profile: DelayProfile) -> None:
    row.enable_usenet = profile.enable_usenet
    row.enable_torrent = profile.enable_torrent
    row.preferred_protocol = profile.preferred_protocol
    row.usenet_delay = profile.usenet_delay_minutes
    row.torrent_delay = profile.torrent_delay_minutes
    row.bypass_if_highest_quality = profile.bypass_if_highest_quality
    row.bypass_if_above_custom_format_score = profile.bypass_if_above_custom_format_score
    row.minimum_custom_format_score = profile.minimum_custom_format_score
    row.tags = sorted(set(profile.tags))


class DelayProfileStore:
    def __init__(self, database: Database, on_change: Callable[[], None] | None = None) -> None:
        self._db = database
        self._on_change = on_change or (lambda: None)

    def _ensure_global(self) -> None:
        with self._db.session() as session:
            if session.get(DelayProfileRow, GLOBAL_ID) is None:
                row = DelayProfileRow(id=GLOBAL_ID, order=GLOBAL_ORDER)
                _write_delay(row, default_delay_profile())
                session.add(row)

    def list(self) -> list[DelayProfile]:
        """Every profile in the order they are tried (the global one last)."""
        self._ensure_global()
        with self._db.session() as session:
            rows = session.execute(
                select(DelayProfileRow).order_by(DelayProfileRow.order, DelayProfileRow.id)
            ).scalars()
            return [_delay(r) for r in rows]

    def get(self, profile_id: int) -> DelayProfile | None:
        self._ensure_global()
        with self._db.session() as session:
            row = session.get(DelayProfileRow, profile_id)
            return _delay(row) if row else None

    def add(self, profile: DelayProfile) -> DelayProfile:
        self._ensure_global()
        with self._db.session() as session:
            count = len(session.execute(select(DelayProfileRow.id)).all())
            row = DelayProfileRow(order=count)  # before the global one, after the others
            _write_delay(row, profile)
            session.add(row)
            session.flush()
            added = _delay(row)
        self._on_change()
        return added

    def update(self, profile_id: int, profile: DelayProfile) -> DelayProfile | None:
        self._ensure_global()
        with self._db.session() as session:
            row = session.get(DelayProfileRow, profile_id)
            if row is None:
                return None
            _write_delay(row, profile)
            session.flush()
            updated = _delay(row)
        self._on_change()
        return updated

    def delete(self, profile_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(DelayProfileRow, profile_id)
            if row is None:
                return False
            session.delete(row)
        self._renumber([p.id for p in self.list() if p.id != GLOBAL_ID])
        return True

    def reorder(self, profile_id: int, after_id: int | None) -> builtins.list[DelayProfile]:
        """Move ``profile_id`` right after ``after_id`` (to the top when none)."""
        ordered = [p.id for p in self.list() if p.id != GLOBAL_ID]
        if profile_id not in ordered:
            return self.list()
        ordered.remove(profile_id)
        position = ordered.index(after_id) + 1 if after_id in ordered else 0
        ordered.insert(position, profile_id)
        self._renumber(ordered)
        return self.list()

    def _renumber(self, ordered: Sequence[int]) -> None:
        with self._db.session() as session:
            for order, profile_id in enumerate(ordered, start=1):
                row = session.get(DelayProfileRow, profile_id)
                if row is not None:
                    row.order = order
        self._on_change()


def _release(row: ReleaseProfileRow) -> ReleaseProfile:
    return ReleaseProfile(
        id=row.id,
        name=row.name,
        enabled=row.enabled,
        required=tuple(row.required),
        ignored=tuple(row.ignored),
        indexer_id=row.indexer_id,
        tags=tuple(row.tags),
    )


class ReleaseProfileStore:
    def __init__(self, database: Database, on_change: Callable[[], None] | None = None) -> None:
        self._db = database
        self._on_change = on_change or (lambda: None)

    def list(self) -> list[ReleaseProfile]:
        with self._db.session() as session:
            rows = session.execute(select(ReleaseProfileRow).order_by(ReleaseProfileRow.id))
            return [_release(r) for r in rows.scalars()]

    def get(self, profile_id: int) -> ReleaseProfile | None:
        with self._db.session() as session:
            row = session.get(ReleaseProfileRow, profile_id)
            return _release(row) if row else None

    def save(self, profile_id: int | None, values: dict[str, Any]) -> ReleaseProfile | None:
        """Insert (``profile_id`` None) or update; ``values`` are the row's columns."""
        with self._db.session() as session:
            row = (
                ReleaseProfileRow()
                if profile_id is None
                else session.get(ReleaseProfileRow, profile_id)
            )
            if row is None:
                return None
            for key, value in values.items():
                setattr(row, key, value)
            if profile_id is None:
                session.add(row)
            session.flush()
            saved = _release(row)
        self._on_change()
        return saved

    def delete(self, profile_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(ReleaseProfileRow, profile_id)
            if row is None:
                return False
            session.delete(row)
        self._on_change()
        return True
