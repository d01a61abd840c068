"""What ``PUT moviefile``/``trackfile`` and their editors change, and dropping a file's row.

The originals let a user correct what the import decided about a file: its quality (with
the revision), release group and scene name (Radarr also the edition and languages).
Values are checked before anything is written; an unknown quality or language is a 400,
not a silent default. Columns a domain's table lacks are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import InstrumentedAttribute

from mediastack.core.db import Database
from mediastack.manager.api.resources import invalid
from mediastack.manager.db import ManagerBase
from mediastack.manager.grab.resources import quality_model, quality_of
from mediastack.manager.quality.definitions import AppName
from mediastack.manager.quality.languages import by_id

#: Body field -> row column for the plain text fields.
_TEXT = {"releaseGroup": "release_group", "sceneName": "scene_name", "edition": "edition"}


def file_changes(app: AppName, body: Mapping[str, Any]) -> dict[str, Any]:
    """The row columns a resource (or an editor body) changes; absent fields stay."""
    changes: dict[str, Any] = {}
    for name, column in _TEXT.items():
        if name in body:
            value = body[name]
            if value is not None and not isinstance(value, str):
                raise invalid(name, f"'{name}' must be text", value)
            changes[column] = value or None
    if body.get("quality") is not None:
        model = body["quality"]
        if not isinstance(model, dict) or not isinstance(model.get("quality"), dict):
            raise invalid("quality", "'quality' must be a quality model", model)
        quality_id = model["quality"].get("id")
        quality, revision = quality_of(app, model)
        if quality.id != quality_id:
            raise invalid("quality", f"Unknown quality {quality_id}", quality_id)
        changes["quality"] = quality.name
        changes["quality_model"] = quality_model(app, quality, revision)
    if body.get("languages") is not None:
        keys = []
        for entry in body["languages"] if isinstance(body["languages"], list) else [None]:
            found = by_id(app, entry.get("id", -1)) if isinstance(entry, dict) else None
            if found is None:
                raise invalid("languages", "Unknown language", entry)
            keys.append(found.key)
        changes["languages"] = keys
    return changes


class FileEdits:
    """Writes to one domain's file table (``movie_files``, ``track_files``)."""

    def __init__(
        self,
        database: Database,
        row: type[ManagerBase],
        references: tuple[InstrumentedAttribute[int | None], ...] = (),
    ) -> None:
        self._db = database
        self._row = row
        self._references = references  # columns pointing at a file (tracks.track_file_id)

    def update(self, file_id: int, changes: Mapping[str, Any]) -> bool:
        with self._db.session() as session:
            found = session.get(self._row, file_id)
            if found is None:
                return False
            for column, value in changes.items():
                if hasattr(self._row, column):
                    setattr(found, column, value)
            return True

    def drop(self, file_id: int) -> None:
        """The row goes, and whatever pointed at it points at nothing (its items missing)."""
        with self._db.session() as session:
            for column in self._references:
                session.execute(
                    update(column.class_).where(column == file_id).values({column: None})
                )
            session.execute(delete(self._row).where(self._row.id == file_id))  # type: ignore[attr-defined]
