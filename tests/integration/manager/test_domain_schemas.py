"""The media domains' migrations build exactly the schema users' databases already have.

Databases in the field were created by these revisions; their ids stay and so must every
table, column, constraint and index they create, however the scripts are written. Each
branch is migrated up to the revisions below and described (SQLite: the DDL it stored;
PostgreSQL: what the inspector reads back), then compared with the description recorded
in ``schemas/`` when the revisions were first released. Going down removes all of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import alembic_config
from mediastack.movies.service import MIGRATIONS as MOVIES
from mediastack.music.service import MIGRATIONS as MUSIC
from mediastack.tv.service import MIGRATIONS as TV
from tests.support.databases import fresh_postgres_database

SCHEMAS = Path(__file__).with_name("schemas")
#: the released revisions of each branch whose schema is pinned
RELEASED = {
    "tv": (TV, "tv_0002"),
    "movies": (MOVIES, "movies_0002"),
    "music": (MUSIC, "music_0002"),
}
_OWN = "alembic_version"


def sqlite_schema(connection: Connection) -> str:
    """Every object SQLite stored, with the DDL it keeps for it (the exact text)."""
    rows = connection.execute(
        text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE tbl_name != :own ORDER BY type, name"
        ),
        {"own": _OWN},
    )
    return "".join(
        f"-- {kind} {name} on {table}\n{sql or '(made by SQLite for a constraint)'};\n\n"
        for kind, name, table, sql in rows
    )


def inspected_schema(connection: Connection) -> dict[str, Any]:
    """Tables as PostgreSQL's catalogue describes them (types, nullability, defaults, keys)."""
    inspector = inspect(connection)
    out: dict[str, Any] = {}
    for table in sorted(t for t in inspector.get_table_names() if t != _OWN):
        out[table] = {
            "columns": [
                [c["name"], str(c["type"]), c["nullable"], c.get("default")]
                for c in inspector.get_columns(table)
            ],
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                [
                    fk["constrained_columns"],
                    fk["referred_table"],
                    fk["referred_columns"],
                    fk.get("options", {}),
                ]
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                [i["name"], i["column_names"], bool(i["unique"])]
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                [u["name"], u["column_names"]] for u in inspector.get_unique_constraints(table)
            ),
        }
    return out


def migrate(database: Database, folder: Path, target: str, down: bool = False) -> None:
    config = alembic_config([folder])
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        if down:
            command.downgrade(config, target)
        else:
            command.upgrade(config, target)


def describe(database: Database) -> str:
    with database.engine.connect() as connection:
        if database.is_postgres:
            return json.dumps(inspected_schema(connection), indent=1, sort_keys=True) + "\n"
        return sqlite_schema(connection)


def released_schema(database: Database, domain: str) -> str:
    folder, revision = RELEASED[domain]
    migrate(database, folder, revision)
    return describe(database)


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
    else:
        with fresh_postgres_database() as found:
            yield found


@pytest.mark.parametrize("domain", sorted(RELEASED))
def test_released_revisions_build_the_schema_users_have(
    domain: str, url: str | None, tmp_path: Path
) -> None:
    database = Database(DatabaseOptions(url=url, sqlite_path=tmp_path / "schema.db"))
    try:
        built = released_schema(database, domain)
        suffix = "postgres.json" if database.is_postgres else "sqlite.sql"
        assert built == (SCHEMAS / f"{domain}.{suffix}").read_text()

        folder, _ = RELEASED[domain]
        migrate(database, folder, f"{domain}@base", down=True)
        with database.engine.connect() as connection:
            left = set(inspect(connection).get_table_names()) - {_OWN}
        assert left == set()
    finally:
        database.dispose()


#: the revision of each branch that adds ``pending_releases``, and its subject table
PENDING = {"tv": ("tv_0006", "series"), "movies": ("movies_0003", "movies"),
           "music": ("music_0003", "artists")}  # fmt: skip


def pending_table(database: Database) -> dict[str, Any]:
    with database.engine.connect() as connection:
        return inspected_schema(connection)["pending_releases"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("domain", sorted(PENDING))
def test_pending_releases_are_the_same_table_in_every_domain(
    domain: str, url: str | None, tmp_path: Path
) -> None:
    """One engine reads and writes the table, so each domain builds the same columns,
    keys and index; only its owner differs (gone with the series, movie or artist)."""
    folder = RELEASED[domain][0]
    revision, subject = PENDING[domain]
    database = Database(DatabaseOptions(url=url, sqlite_path=tmp_path / "pending.db"))
    try:
        migrate(database, folder, revision)
        table = pending_table(database)
        assert [c[0] for c in table["columns"]] == [
            "id", "subject_id", "item_ids", "title", "indexer_id", "publish_date", "added",
            "delay_until", "reason", "release", "quality", "languages", "custom_formats",
            "custom_format_score",
        ]  # fmt: skip
        assert all(c[2] is (c[0] == "indexer_id") for c in table["columns"])  # nullability
        assert table["primary_key"] == ["id"]
        [(columns, referred, referred_columns, options)] = table["foreign_keys"]
        assert (columns, referred, referred_columns) == (["subject_id"], subject, ["id"])
        assert options.get("ondelete") == "CASCADE"
        assert [i[1] for i in table["indexes"]] == [["subject_id"]]

        migrate(database, folder, f"{revision}-1", down=True)
        with database.engine.connect() as connection:
            assert "pending_releases" not in inspect(connection).get_table_names()
    finally:
        database.dispose()
