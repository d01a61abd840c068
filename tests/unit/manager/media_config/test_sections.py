"""Settings sections: defaults under stored values, type checks, enum fields, the table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
from mediastack.manager.domain import MIGRATIONS
from mediastack.manager.media_config.media_management import extra_extensions, validate_common
from mediastack.manager.media_config.store import (
    ConfigValidationError,
    coerce,
    from_json,
    query_value,
    to_json,
)
from mediastack.manager.naming import ColonReplacement
from mediastack.tv.config import MediaManagementConfig, TvConfigStore
from mediastack.tv.service import MIGRATIONS as TV_MIGRATIONS


@dataclass(frozen=True)
class Section:
    rename: bool = False
    colons: ColonReplacement = ColonReplacement.SMART
    days: int = 7
    folder: str = "{Title}"


FIELDS = {"rename": "rename", "colons": "colons", "days": "days", "folder": "folder"}


def test_stored_values_over_defaults_and_enums_restored() -> None:
    loaded = from_json(Section, {"colons": 1, "days": 3, "unknown": "ignored"})
    assert loaded == Section(colons=ColonReplacement.DASH, days=3)
    assert to_json(loaded) == {"rename": False, "colons": 1, "days": 3, "folder": "{Title}"}
    assert from_json(Section, {"colons": 99}).colons is ColonReplacement.SMART


def test_coerce_checks_each_type_and_keeps_what_is_missing() -> None:
    merged, errors = coerce({"rename": True, "folder": None}, FIELDS, Section(days=3))
    assert errors == [] and merged == Section(rename=True, days=3, folder="")
    _, errors = coerce(
        {"rename": "yes", "days": True, "colons": 42, "folder": 5}, FIELDS, Section()
    )
    assert [e[0] for e in errors] == ["rename", "colons", "days", "folder"]
    word = {"colons": lambda v: {"dash": ColonReplacement.DASH}[v]}
    merged, errors = coerce({"colons": "dash"}, FIELDS, Section(), word)
    assert merged.colons is ColonReplacement.DASH and not errors
    assert coerce({"colons": "nope"}, FIELDS, Section(), word)[1][0][0] == "colons"
    assert query_value(True, "false") is False and query_value(3, "4") == 4


def test_common_media_management_checks(tmp_path: Path) -> None:
    bad = MediaManagementConfig(
        recycle_bin="relative", recycle_bin_cleanup_days=-1, minimum_free_space_when_importing=5
    )
    assert {e[0] for e in validate_common(bad)} == {
        "recycleBin", "recycleBinCleanupDays", "minimumFreeSpaceWhenImporting"
    }  # fmt: skip
    assert validate_common(MediaManagementConfig(recycle_bin=str(tmp_path))) == []
    assert extra_extensions("srt, .NFO,,") == frozenset({".srt", ".nfo"})


def test_a_section_round_trips_through_its_table(tmp_path: Path) -> None:
    database = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "s.db"))
    upgrade(database, [MIGRATIONS, TV_MIGRATIONS], lock_name="t")
    store = TvConfigStore(database)
    saved = store.save_media_management({"recycleBinCleanupDays": 3})
    assert store.media_management() == saved and saved.recycle_bin_cleanup_days == 3
    with pytest.raises(ConfigValidationError):
        store.save_naming({"renameEpisodes": True, "seasonFolderFormat": "Season"})
    assert store.naming().rename_episodes is False  # nothing saved
    database.dispose()
