"""Databases for tests: a fresh SQLite file, or a fresh database on a real PostgreSQL.

PostgreSQL comes from ``MEDIASTACK_TEST_POSTGRES_URL`` (``.ci/run`` starts one on
loopback). Without it the PostgreSQL half is skipped locally, but CI sets
``MEDIASTACK_REQUIRE_POSTGRES=1`` and then a missing server is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mediastack.core.db import normalise_url

# Read once, when the test modules are collected: many tests clear every MEDIASTACK_*
# variable while a service runs (one service per process, as deployed), and a test that ran
# after one of them must still find the server CI started rather than skip.
_POSTGRES_URL = os.environ.get("MEDIASTACK_TEST_POSTGRES_URL")
_REQUIRE_POSTGRES = os.environ.get("MEDIASTACK_REQUIRE_POSTGRES") == "1"


def postgres_admin_url() -> str:
    url = os.environ.get("MEDIASTACK_TEST_POSTGRES_URL") or _POSTGRES_URL
    if not url:
        if _REQUIRE_POSTGRES or os.environ.get("MEDIASTACK_REQUIRE_POSTGRES") == "1":
            pytest.fail("MEDIASTACK_REQUIRE_POSTGRES=1 but MEDIASTACK_TEST_POSTGRES_URL is unset")
        pytest.skip("no PostgreSQL here: set MEDIASTACK_TEST_POSTGRES_URL (CI does)")
    return url


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database for one test; dropped afterwards."""
    admin_url = normalise_url(postgres_admin_url())
    name = f"mediastack_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
