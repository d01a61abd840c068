"""Housekeeping: trims history the engine keeps for users, so databases stay small."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from mediastack.core.db import Database, utcnow
from mediastack.core.jobs import CommandHandler
from mediastack.core.jobs.models import CommandRow, CommandStatus

COMMAND_RETENTION = timedelta(days=7)


def housekeeping(database: Database) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        cutoff = utcnow() - COMMAND_RETENTION
        with database.session() as session:
            result = session.execute(
                delete(CommandRow).where(
                    CommandRow.ended_at < cutoff,
                    CommandRow.status.in_(
                        [CommandStatus.COMPLETED, CommandStatus.FAILED, CommandStatus.CANCELLED]
                    ),
                )
            )
            removed = int(getattr(result, "rowcount", 0) or 0)
        return f"Removed {removed} finished commands older than {COMMAND_RETENTION.days} days"

    return run
