"""tv: a library generation counter, bumped by the database on every library change

Revision ID: tv_0003
Revises: tv_0002
Create Date: 2026-11-25

Dashboards poll ``GET /series`` (thousands of series with statistics); the counter lets the
service reuse the last answer until something in the library changed, whoever changed it
(the API, an import, a rescan). Triggers keep it honest: SQLite's per row (its rows are
updated in place), PostgreSQL's once per transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tv_0003"
down_revision: str | Sequence[str] | None = "tv_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("series", "seasons", "episodes", "episode_files")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
BUMP = "UPDATE library_generation SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "library_generation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO library_generation (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        # once per transaction: thousands of statements updating one row in a single
        # transaction would pile up row versions (a bulk import slowing to a crawl)
        op.execute(
            "CREATE FUNCTION library_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF current_setting('mediastack.library_bumped', true) IS DISTINCT FROM "
            "txid_current()::text THEN "
            f"{BUMP}; "
            "PERFORM set_config('mediastack.library_bumped', txid_current()::text, true); "
            "END IF; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_generation AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION library_generation_bump()"
            )
        return
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER {table}_{operation.lower()}_generation AFTER {operation} "
                f"ON {table} BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_generation ON {table}")
        op.execute("DROP FUNCTION IF EXISTS library_generation_bump()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{operation.lower()}_generation")
    op.drop_table("library_generation")
