"""Migrations: one Alembic history per service, built from branches.

Every service's database carries the core branch (commands, tasks, leases) plus the branches
of the code it runs (the manager engine, a media domain, the torrent or usenet state), each
in its own ``versions`` folder next to the code that owns the tables. ``upgrade heads``
brings every branch up to date. On PostgreSQL an advisory lock keeps two replicas that start
together from migrating at once.

Alembic (with Mako and every dialect's DDL module) costs a service about 10 MiB of memory
for as long as it runs, and on every start but the first after an upgrade there is nothing
to migrate. So :func:`upgrade` first compares the ``alembic_version`` rows with the heads
read from the migration files' ``revision``/``down_revision`` literals, and imports Alembic
only when they differ or a file is not plain enough to be read that way.
"""

from __future__ import annotations

import ast
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from mediastack.core.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPT_LOCATION = Path(__file__).with_name("alembic")
CORE_VERSIONS = _SCRIPT_LOCATION / "versions"
_VERSION_TABLE = "alembic_version"


def _locations(version_dirs: Sequence[Path]) -> list[Path]:
    return [CORE_VERSIONS, *(p for p in version_dirs if p != CORE_VERSIONS)]


def alembic_config(version_dirs: Sequence[Path]) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", " ".join(str(p) for p in _locations(version_dirs)))
    config.set_main_option("path_separator", "space")
    return config


def upgrade(database: Database, version_dirs: Sequence[Path], lock_name: str) -> None:
    if _at_heads(database, version_dirs):
        return
    from alembic import command

    config = alembic_config(version_dirs)
    with database.engine.begin() as connection:
        if database.is_postgres:
            key = zlib.crc32(f"mediastack.migrate.{lock_name}".encode())
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def current_heads(database: Database) -> set[str]:
    """The revisions the database carries: the ``alembic_version`` rows, read without Alembic.

    ``system/status`` asks this on every call; importing Alembic for it would undo the memory
    :func:`upgrade` saves and make the first status call wait for the import.
    """
    with database.engine.connect() as connection:
        return _stored_heads(connection)


def _stored_heads(connection: Connection) -> set[str]:
    if not inspect(connection).has_table(_VERSION_TABLE):
        return set()
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return {str(row[0]) for row in rows}


def expected_heads(version_dirs: Sequence[Path]) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(version_dirs)).get_heads())


def declared_heads(version_dirs: Sequence[Path]) -> set[str] | None:
    """The branch heads as the migration files declare them, without importing Alembic.

    Reads each script's module-level ``revision`` and ``down_revision`` literals (the files
    are parsed, never executed). ``None`` when a file does not fit that simple shape (a
    computed id, ``depends_on``) so the caller asks Alembic instead of guessing.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for folder in _locations(version_dirs):
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith(("__init__", ".#")):
                continue
            declared = _declared_revision(path)
            if declared is None:
                return None
            revision, down = declared
            revisions.add(revision)
            parents.update(down)
    return revisions - parents if revisions else None


def _declared_revision(path: Path) -> tuple[str, list[str]] | None:
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None
    values: dict[str, object] = {}
    for node in tree.body:
        target: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name):
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError:
                values[target.id] = ValueError
    revision = values.get("revision")
    down = values.get("down_revision")
    if not isinstance(revision, str) or values.get("depends_on") is not None:
        return None
    if down is None:
        return revision, []
    if isinstance(down, str):
        return revision, [down]
    if isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
        return revision, [str(d) for d in down]
    return None


def _at_heads(database: Database, version_dirs: Sequence[Path]) -> bool:
    """True when the database already carries exactly the heads the files declare."""
    wanted = declared_heads(version_dirs)
    if wanted is None:
        return False
    with database.engine.connect() as connection:
        return _stored_heads(connection) == wanted
