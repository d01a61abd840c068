"""Starting a service whose database is already migrated does not load Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mediastack
from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import declared_heads, expected_heads, upgrade

VERSION_DIRS = sorted(Path(mediastack.__file__).parent.glob("*/migrations/versions"))

_RESTART = """
import sys
from pathlib import Path
from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
db = Database(DatabaseOptions(url=None, sqlite_path=Path(sys.argv[1])))
upgrade(db, [Path(p) for p in sys.argv[2:]], lock_name="t")
print("alembic" in sys.modules)
"""


def test_heads_read_from_the_files_are_alembics_heads() -> None:
    assert VERSION_DIRS, "no migration folders found"
    for folder in VERSION_DIRS:
        assert declared_heads([folder]) == expected_heads([folder]), folder
    assert declared_heads(VERSION_DIRS) == expected_heads(VERSION_DIRS)


def test_a_script_that_is_not_plain_literals_defers_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "x_0001.py").write_text('revision = "x_0001"\ndown_revision = None\n')
    assert declared_heads([tmp_path]) is not None
    (tmp_path / "x_0002.py").write_text('revision = "x" + "2"\ndown_revision = "x_0001"\n')
    assert declared_heads([tmp_path]) is None
    (tmp_path / "x_0002.py").write_text(
        'revision = "x_0002"\ndown_revision = "x_0001"\ndepends_on = "core_0001"\n'
    )
    assert declared_heads([tmp_path]) is None


def test_upgrade_loads_alembic_only_when_something_must_migrate(tmp_path: Path) -> None:
    path = tmp_path / "svc.db"
    folder = next(p for p in VERSION_DIRS if p.parent.parent.name == "manager")

    def restart(*dirs: Path) -> bool:
        out = subprocess.run(
            [sys.executable, "-c", _RESTART, str(path), *map(str, dirs)],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip() == "True"

    assert restart() is True  # a new database: migrated by Alembic
    assert restart() is False  # at its heads: Alembic never imported
    assert restart(folder) is True  # a new branch to apply
    db = Database(DatabaseOptions(url=None, sqlite_path=path))
    try:
        upgrade(db, [folder], lock_name="t")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT COUNT(*) FROM download_clients").scalar() == 0
    finally:
        db.dispose()
