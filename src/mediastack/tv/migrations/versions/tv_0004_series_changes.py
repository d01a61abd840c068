"""tv: which series each library generation changed, recorded by the database

Revision ID: tv_0004
Revises: tv_0003
Create Date: 2026-11-24

``GET /series`` keeps each series' part of the answer and, when the library generation
moves, rebuilds only the series changed since: ``series_changes`` holds, per series, the
last generation that touched it (its row, a season, an episode, a file). The triggers that
raise the generation now record the series too, in the same trigger so the recorded
generation is always the raised one (a reader that saw the old value finds the change).
SQLite's fire per row; PostgreSQL's per statement, reading the statement's rows from its
transition tables (one trigger per operation, as transition tables require).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tv_0004"
down_revision: str | Sequence[str] | None = "tv_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: each library table and its column naming the series a row belongs to
TABLES = {
    "series": "id",
    "seasons": "series_id",
    "episodes": "series_id",
    "episode_files": "series_id",
}
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
BUMP = "UPDATE library_generation SET value = value + 1 WHERE id = 1"
#: an upsert that leaves the row alone when it already holds this generation: on
#: PostgreSQL a transaction's statements share one generation, and rewriting the row for
#: each would pile up row versions (a bulk import slowing to a crawl)
UPSERT = (
    "ON CONFLICT (series_id) DO UPDATE SET generation = excluded.generation "
    "WHERE series_changes.generation <> excluded.generation"
)
RECORD = (
    "INSERT INTO series_changes (series_id, generation) "
    "SELECT {rows}, value FROM library_generation WHERE id = 1{also} {upsert}"
)
#: PostgreSQL: raise the generation once per transaction (as tv_0003), then record the
#: series of the statement's rows (static statements: their plans are kept)
PG_BUMP = """
  IF current_setting('mediastack.library_bumped', true) IS DISTINCT FROM
     txid_current()::text THEN
    UPDATE library_generation SET value = value + 1 WHERE id = 1;
    PERFORM set_config('mediastack.library_bumped', txid_current()::text, true);
  END IF;
"""
PG_RECORD = (
    "INSERT INTO series_changes (series_id, generation) SELECT DISTINCT r.{column}, g.value "
    "FROM {rows} r, library_generation g WHERE g.id = 1 {upsert}"
)


def pg_function(operation: str, column: str) -> str:
    """The function of one operation's triggers on the tables whose series is ``column``."""
    rows = {"INSERT": ["new_rows"], "UPDATE": ["new_rows", "old_rows"], "DELETE": ["old_rows"]}
    records = "".join(
        PG_RECORD.format(column=column, rows=r, upsert=UPSERT) + ";\n" for r in rows[operation]
    )
    return (
        f"CREATE FUNCTION {_pg_name(operation, column)}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {PG_BUMP} {records} RETURN NULL; END $$"
    )


def _pg_name(operation: str, column: str) -> str:
    return f"series_changes_{operation.lower()}_{column}"


_TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _sqlite_body(operation: str, column: str) -> str:
    """Bump, then record the row's series (both, should an update move a row)."""
    if operation == "INSERT":
        records = [RECORD.format(rows=f"NEW.{column}", also="", upsert=UPSERT)]
    elif operation == "DELETE":
        records = [RECORD.format(rows=f"OLD.{column}", also="", upsert=UPSERT)]
    else:
        records = [
            RECORD.format(rows=f"NEW.{column}", also="", upsert=UPSERT),
            RECORD.format(
                rows=f"OLD.{column}", also=f" AND OLD.{column} <> NEW.{column}", upsert=UPSERT
            ),
        ]
    return "; ".join([BUMP, *records]) + ";"


def upgrade() -> None:
    op.create_table(
        "series_changes",
        sa.Column("series_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("generation", sa.BigInteger, nullable=False, index=True),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for operation in OPERATIONS:
            for column in set(TABLES.values()):
                op.execute(pg_function(operation, column))
    for table, column in TABLES.items():
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_generation ON {table}")
        for operation in OPERATIONS:
            name = f"{table}_{operation.lower()}_generation"
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {operation} ON {table} "
                    f"REFERENCING {_TRANSITIONS[operation]} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {_pg_name(operation, column)}()"
                )
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {operation} ON {table} "
                    f"BEGIN {_sqlite_body(operation, column)} END"
                )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for operation in OPERATIONS:
            name = f"{table}_{operation.lower()}_generation"
            if postgres:
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
                op.execute(f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {BUMP}; END")
        if postgres:
            op.execute(
                f"CREATE TRIGGER {table}_generation AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION library_generation_bump()"
            )
    if postgres:
        for operation in OPERATIONS:
            for column in set(TABLES.values()):
                op.execute(f"DROP FUNCTION IF EXISTS {_pg_name(operation, column)}()")
    op.drop_table("series_changes")
