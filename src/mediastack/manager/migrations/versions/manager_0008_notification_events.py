"""manager: the notification events Sonarr v4 subscribes to beyond the first seven

Revision ID: manager_0008
Revises: manager_0007
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "manager_0008"
down_revision: str | Sequence[str] | None = "manager_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_FLAGS = (
    "on_import_complete",
    "on_series_add",
    "on_episode_file_delete_for_upgrade",
    "on_health_restored",
    "on_application_update",
    "on_manual_interaction_required",
)


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        for name in _NEW_FLAGS:
            batch.add_column(sa.Column(name, sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        for name in _NEW_FLAGS:
            batch.drop_column(name)
