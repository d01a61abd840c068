"""Stored notification connections (the ``notifications`` table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.notifications.definitions import (
    EVENT_FLAGS,
    NotificationDef,
    notification_definitions,
)


class NotificationRow(ManagerBase):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    implementation: Mapped[str] = mapped_column(String(50))
    on_grab: Mapped[bool] = mapped_column(Boolean)
    on_download: Mapped[bool] = mapped_column(Boolean)
    on_upgrade: Mapped[bool] = mapped_column(Boolean)
    on_import_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    on_rename: Mapped[bool] = mapped_column(Boolean)
    on_series_add: Mapped[bool] = mapped_column(Boolean, default=False)
    on_series_delete: Mapped[bool] = mapped_column(Boolean)
    on_episode_file_delete: Mapped[bool] = mapped_column(Boolean)
    on_episode_file_delete_for_upgrade: Mapped[bool] = mapped_column(Boolean, default=False)
    on_health_issue: Mapped[bool] = mapped_column(Boolean)
    on_health_restored: Mapped[bool] = mapped_column(Boolean, default=False)
    on_application_update: Mapped[bool] = mapped_column(Boolean, default=False)
    on_manual_interaction_required: Mapped[bool] = mapped_column(Boolean, default=False)
    include_health_warnings: Mapped[bool] = mapped_column(Boolean)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    tags: Mapped[list[int]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    name: str
    definition: NotificationDef
    events: dict[str, bool]  # store column (on_grab, ...) -> subscribed
    include_health_warnings: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    tags: list[int] = field(default_factory=list)

    def subscribed(self, flag: str) -> bool:
        return bool(self.events.get(flag, False))

    def covers(self, item_tags: frozenset[int] | None) -> bool:
        """A connection with tags only hears about items sharing one (events without an
        item, such as health, go to every connection)."""
        return not self.tags or item_tags is None or bool(item_tags & set(self.tags))


class NotificationStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self.definitions = notification_definitions()

    def _to_model(self, row: NotificationRow) -> Notification:
        definition = self.definitions[row.implementation]
        settings = {f.name: f.default for f in definition.fields}
        settings.update(row.settings)
        return Notification(
            id=row.id,
            name=row.name,
            definition=definition,
            events={col: bool(getattr(row, col)) for col in EVENT_FLAGS.values()},
            include_health_warnings=row.include_health_warnings,
            settings=settings,
            tags=list(row.tags),
        )

    def list(self) -> list[Notification]:
        with self._db.session() as session:
            rows = session.execute(select(NotificationRow).order_by(NotificationRow.id)).scalars()
            return [self._to_model(r) for r in rows if r.implementation in self.definitions]

    def get(self, notification_id: int) -> Notification | None:
        with self._db.session() as session:
            row = session.get(NotificationRow, notification_id)
            return self._to_model(row) if row else None

    def save(
        self,
        *,
        notification_id: int | None,
        name: str,
        implementation: str,
        events: dict[str, bool],
        include_health_warnings: bool,
        settings: dict[str, Any],
        tags: Sequence[int],
    ) -> Notification:
        if implementation not in self.definitions:
            raise ValueError(f"Unknown notification implementation '{implementation}'")
        with self._db.session() as session:
            clash = session.execute(
                select(NotificationRow).where(NotificationRow.name == name)
            ).scalar_one_or_none()
            if clash is not None and clash.id != notification_id:
                raise ValueError("Should be unique")
            row = (
                NotificationRow()
                if notification_id is None
                else session.get(NotificationRow, notification_id)
            )
            if row is None:
                raise LookupError(notification_id)
            row.name = name
            row.implementation = implementation
            for col in EVENT_FLAGS.values():
                setattr(row, col, bool(events.get(col, False)))
            row.include_health_warnings = include_health_warnings
            row.settings = settings
            row.tags = [int(t) for t in tags]
            if notification_id is None:
                session.add(row)
            session.flush()
            return self._to_model(row)

    def delete(self, notification_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(NotificationRow, notification_id)
            if row is None:
                return False
            session.delete(row)
            return True
