"""Columns and tables every media domain's migrations share.

A series, a movie and an artist sit in a folder inside a root folder with the same user
fields; their files have the same facts; each domain keeps its own settings table, import
journal and import details of its files. The domains' migrations build those pieces from
here so the three schemas cannot drift apart.

These definitions are part of released migrations (``tv_0001``, ``movies_0001``, ...):
changing one would change what those revisions build in a new database while old ones
keep the former schema. Never edit a definition here; add a new helper for a new shape.
``tests/integration/manager/test_domain_schemas.py`` pins what the released revisions
build.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from mediastack.core.db import UTCDateTime


def primary_id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def parent_id(
    name: str, parent: str, *, index: bool = False, unique: bool = False
) -> sa.Column[int]:
    """A row's owner (``series_id`` -> ``series.id``): required, gone with its owner."""
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"),
        nullable=False,
        index=index or None,
        unique=unique or None,
    )


def file_link(name: str, files: str, *, index: bool = False) -> sa.Column[int]:
    """The file holding an item (``episode_file_id``); cleared when the file row goes."""
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{files}.id", ondelete="SET NULL"),
        nullable=True,
        index=index or None,
    )


def item_folder_columns() -> list[sa.Column[Any]]:
    """Where a library item lives and what the user attached to it; every item table
    ends with these."""
    return [
        sa.Column("path", sa.String(1000), nullable=False, unique=True),
        sa.Column("root_folder_path", sa.String(1000), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("added", UTCDateTime, nullable=False),
        sa.Column("last_info_sync", UTCDateTime, nullable=True),
        sa.Column("extra", sa.JSON, nullable=False),
    ]


def media_file_columns() -> list[sa.Column[Any]]:
    """What every library file row records about the file and the release it came from."""
    return [
        sa.Column("relative_path", sa.String(1000), nullable=False),
        sa.Column("path", sa.String(2000), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("date_added", UTCDateTime, nullable=False),
        sa.Column("scene_name", sa.String(500), nullable=True),
        sa.Column("release_group", sa.String(200), nullable=True),
        sa.Column("quality", sa.String(100), nullable=False),
    ]


def create_config_table(name: str) -> None:
    """A domain's settings sections (``manager.media_config.ConfigColumns``)."""
    op.create_table(
        name,
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )


def create_journal_table(name: str) -> None:
    """A domain's import journal (``manager.importing.journal.JournalColumns``)."""
    op.create_table(
        name,
        primary_id(),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
    )


def create_file_details_table(name: str, key: str, files: str) -> None:
    """What an import knows of a file and a rescan cannot (full quality, score, source),
    one row per file row, gone with it."""
    op.create_table(
        name,
        sa.Column(
            key, sa.Integer, sa.ForeignKey(f"{files}.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("quality", sa.JSON, nullable=False),
        sa.Column("custom_format_score", sa.Integer, nullable=False),
        sa.Column("source_path", sa.String(2000), nullable=True),
        sa.Column("download_id", sa.String(100), nullable=True, index=True),
    )


def create_pending_releases_table(subject_table: str) -> None:
    """Releases held back by a delay profile (``manager.grab.pending``), each for items of
    one library subject and gone with it; the indexer's release is kept whole so it can be
    judged again and grabbed without the indexer offering it again."""
    op.create_table(
        "pending_releases",
        primary_id(),
        parent_id("subject_id", subject_table, index=True),
        sa.Column("item_ids", sa.JSON, nullable=False),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("indexer_id", sa.Integer, nullable=True),
        sa.Column("publish_date", UTCDateTime, nullable=False),
        sa.Column("added", UTCDateTime, nullable=False),
        sa.Column("delay_until", UTCDateTime, nullable=False),
        sa.Column("reason", sa.String(50), nullable=False),
        sa.Column("release", sa.JSON, nullable=False),
        sa.Column("quality", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("custom_formats", sa.JSON, nullable=False),
        sa.Column("custom_format_score", sa.Integer, nullable=False),
    )


def drop_tables(*names: str) -> None:
    """Drop tables in the order given (dependents first)."""
    for name in names:
        op.drop_table(name)
