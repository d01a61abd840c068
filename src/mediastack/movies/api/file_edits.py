"""What ``PUT moviefile`` and its editor change, and dropping a file's row.

Radarr lets a user correct what the import decided about a file: its quality (with the
revision), release group, scene name, edition and languages. Values are checked before
anything is written; an unknown quality or language is a 400, not a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete

from mediastack.core.db import Database
from mediastack.manager.api.resources import invalid
from mediastack.manager.grab.resources import quality_model, quality_of
from mediastack.manager.quality.languages import by_id
from mediastack.movies.library.rows import MovieFileRow

#: Body field -> row column for the plain text fields.
_TEXT = {"releaseGroup": "release_group", "sceneName": "scene_name", "edition": "edition"}


def file_changes(body: Mapping[str, Any]) -> dict[str, Any]:
    """The row columns a resource (or an editor body) changes; absent fields stay."""
    changes: dict[str, Any] = {}
    for field, column in _TEXT.items():
        if field in body:
            value = body[field]
            if value is not None and not isinstance(value, str):
                raise invalid(field, f"'{field}' must be text", value)
            changes[column] = value or None
    if body.get("quality") is not None:
        model = body["quality"]
        if not isinstance(model, dict) or not isinstance(model.get("quality"), dict):
            raise invalid("quality", "'quality' must be a quality model", model)
        quality_id = model["quality"].get("id")
        quality, revision = quality_of("radarr", model)
        if quality.id != quality_id:
            raise invalid("quality", f"Unknown quality {quality_id}", quality_id)
        changes["quality"] = quality.name
        changes["quality_model"] = quality_model("radarr", quality, revision)
    if body.get("languages") is not None:
        keys = []
        for entry in body["languages"] if isinstance(body["languages"], list) else [None]:
            found = by_id("radarr", entry.get("id", -1)) if isinstance(entry, dict) else None
            if found is None:
                raise invalid("languages", "Unknown language", entry)
            keys.append(found.key)
        changes["languages"] = keys
    return changes


class MovieFileEdits:
    def __init__(self, database: Database) -> None:
        self._db = database

    def update(self, file_id: int, changes: Mapping[str, Any]) -> bool:
        with self._db.session() as session:
            row = session.get(MovieFileRow, file_id)
            if row is None:
                return False
            for column, value in changes.items():
                setattr(row, column, value)
            return True

    def drop(self, file_id: int) -> None:
        with self._db.session() as session:
            session.execute(delete(MovieFileRow).where(MovieFileRow.id == file_id))
