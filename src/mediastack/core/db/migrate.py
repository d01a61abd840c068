"""Migrations: one Alembic history per service, built from branches.

Every service's database carries the core branch (commands, tasks, leases) plus the branches
of the code it runs (the manager engine, a media domain, the torrent or usenet state), each
in its own ``versions`` folder next to the code that owns the tables. ``upgrade heads``
brings every branch up to date. On PostgreSQL an advisory lock keeps two replicas that start
together from migrating at once.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from mediastack.core.db.engine import Database

_SCRIPT_LOCATION = Path(__file__).with_name("alembic")
CORE_VERSIONS = _SCRIPT_LOCATION / "versions"


def alembic_config(version_dirs: Sequence[Path]) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    locations = [str(CORE_VERSIONS), *(str(p) for p in version_dirs if p != CORE_VERSIONS)]
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    return config


def upgrade(database: Database, version_dirs: Sequence[Path], lock_name: str) -> None:
    config = alembic_config(version_dirs)
    with database.engine.begin() as connection:
        if database.is_postgres:
            key = zlib.crc32(f"mediastack.migrate.{lock_name}".encode())
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def current_heads(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def expected_heads(version_dirs: Sequence[Path]) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(version_dirs)).get_heads())
