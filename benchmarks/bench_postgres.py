"""The databases a benchmark runs on: SQLite, and a PostgreSQL (a given server, or a
throwaway cluster started from Debian's server binaries on a free loopback port, the way
``scripts/test`` does) with a fresh database per run; and the report's common head.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_pg(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """PostgreSQL refuses to run as root: as root, run its tools as ``postgres``."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, **kwargs)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if not bins or not (bins[-1] / "initdb").exists():
        raise SystemExit(
            "no PostgreSQL server binaries (apt-get install postgresql) and no --pg-url"
        )
    pgbin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="mediastack-pgbench."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "data"
    run_pg(
        [str(pgbin / "initdb"), "-D", str(data), "-U", "mediastack", "--auth=trust"],
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run_pg(
        [
            str(pgbin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql://mediastack@127.0.0.1:{port}/postgres"
    finally:
        run_pg(
            [str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    name = f"tvbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def bench_postgres(pg_url: str | None) -> Iterator[str]:
    """A fresh database URL on ``pg_url``'s server, or on a throwaway cluster without one."""
    with (
        contextmanager(lambda: (yield pg_url))() if pg_url else throwaway_postgres() as admin,
        fresh_database(admin) as url,
    ):
        yield url


T = TypeVar("T")


def on_backends(backends: str, pg_url: str | None, run: Callable[[str, str | None], T]) -> list[T]:
    """``run(name, url)`` on each of ``backends`` ("sqlite,postgres"): SQLite's url is None."""
    wanted = [b.strip() for b in backends.split(",") if b.strip()]
    results = []
    if "sqlite" in wanted:
        results.append(run("sqlite", None))
    if "postgres" in wanted:
        with bench_postgres(pg_url) as url:
            results.append(run("postgres", url))
    return results


def report_head() -> dict[str, Any]:
    """The machine and its load, as every benchmark report starts."""
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load": os.getloadavg(),
    }
