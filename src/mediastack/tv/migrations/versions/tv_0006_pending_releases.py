"""tv: releases a delay profile holds back (``pending_releases``)

Revision ID: tv_0006
Revises: tv_0005
Create Date: 2026-11-24

A release younger than its protocol's delay waits in the queue as a pending item and is
grabbed by a later RSS sync once the delay is over (or dropped when something better was
grabbed, or it is no longer wanted); kept in the database so a restart loses none.
"""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager import domain_tables as tables

revision: str = "tv_0006"
down_revision: str | Sequence[str] | None = "tv_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tables.create_pending_releases_table("series")


def downgrade() -> None:
    tables.drop_tables("pending_releases")
