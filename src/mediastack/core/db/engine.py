"""One database per service: SQLite in its config folder by default, PostgreSQL by URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from mediastack.core.db.fstype import is_network_filesystem

log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (``postgres://``) and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True, slots=True)
class DatabaseOptions:
    url: str | None
    sqlite_path: Path
    sqlite_journal: Literal["auto", "wal", "delete"] = "auto"
    busy_timeout_ms: int = 30000


class Database:
    """Engine plus session factory, and the facts start-up decided (dialect, journal mode)."""

    def __init__(self, options: DatabaseOptions) -> None:
        self.options = options
        self.journal_mode: str | None = None
        if options.url:
            self.engine = create_engine(
                normalise_url(options.url), pool_pre_ping=True, pool_size=5, max_overflow=5
            )
        else:
            self.engine = self._sqlite_engine(options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def _sqlite_engine(self, options: DatabaseOptions) -> Engine:
        path = options.sqlite_path
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = options.sqlite_journal
        on_network = is_network_filesystem(path.parent)
        if journal == "auto":
            journal = "delete" if on_network else "wal"
        if journal == "wal" and on_network:
            log.warning("WAL requested for %s on a network file system; it may corrupt", path)
        self.journal_mode = journal
        kwargs: dict[str, Any] = {}
        if journal == "delete":
            # The rollback journal on SMB/NFS: one connection, hence one writer at a time.
            kwargs = {"poolclass": QueuePool, "pool_size": 1, "max_overflow": 0}
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": options.busy_timeout_ms / 1000},
            **kwargs,
        )
        busy_timeout = options.busy_timeout_ms
        synchronous = "NORMAL" if journal == "wal" else "FULL"

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA journal_mode={journal.upper()}")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout)}")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def describe(self) -> str:
        """The URL with any password masked, for logs and status pages."""
        return make_url(self.engine.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
