"""Servers and categories: the operator's settings, overlaid by what the API set.

SABnzbd keeps both in its ini file and changes them through ``mode=set_config``. Here the
baseline comes from config.yaml / the environment (how Kubernetes users configure
everything) and API changes are stored in the database, so they survive a restart and a
config entry of the same name is overridden rather than edited behind the operator's back.
Deleting a server that config.yaml defines removes only the API override.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mediastack.core.fs import PathEscapeError, confine
from mediastack.usenet.engine import ServerConfig
from mediastack.usenet.queue.store import JobStore
from mediastack.usenet.settings import CategoryConfig, UsenetSettings

__all__ = ["DEFAULT_CATEGORY", "MASK", "Catalog", "CatalogError"]

DEFAULT_CATEGORY = "*"
MASK = "**********"
"""What SABnzbd shows instead of a password; sending it back means "unchanged"."""

_RESERVED_DIRS = frozenset({"incomplete"})


class CatalogError(ValueError):
    """A server or category the API was asked to store is not valid."""


class Catalog:
    def __init__(self, settings: UsenetSettings, store: JobStore, complete_dir: Path) -> None:
        self._settings = settings
        self._store = store
        self._complete_dir = complete_dir
        self.version = 0
        """Bumped on every server change, so the queue knows to build a new pool."""

    # -- servers ---------------------------------------------------------------------------

    def servers(self) -> list[ServerConfig]:
        merged = {s.name: s for s in self._settings.servers}
        for name, raw in self._store.servers().items():
            try:
                merged[name] = ServerConfig.model_validate(raw)
            except ValidationError:
                continue  # written by a newer version or damaged: skip, do not crash
        return sorted(merged.values(), key=lambda s: (s.priority, s.name))

    def server(self, name: str) -> ServerConfig | None:
        return next((s for s in self.servers() if s.name == name), None)

    def set_server(self, name: str, fields: dict[str, Any]) -> ServerConfig:
        """Create or update one server from SABnzbd's ``set_config`` fields."""
        current = self.server(name)
        values: dict[str, Any] = current.model_dump() if current else {"name": name}
        for key, value in fields.items():
            if key == "password" and value == MASK:
                continue
            values[key] = value
        values["name"] = name
        try:
            config = ServerConfig.model_validate(values)
        except ValidationError as exc:
            raise CatalogError(_first_error(exc)) from None
        self._store.put_server(name, config.model_dump(mode="json"))
        self.version += 1
        return config

    def delete_server(self, name: str) -> bool:
        removed = self._store.delete_server(name)
        self.version += 1
        return removed

    # -- categories ------------------------------------------------------------------------

    def categories(self) -> list[CategoryConfig]:
        merged = {c.name.lower(): c for c in self._settings.categories}
        for name, (raw, removed) in self._store.categories().items():
            if removed:
                merged.pop(name.lower(), None)
                continue
            try:
                merged[name.lower()] = CategoryConfig.model_validate(raw)
            except ValidationError:
                continue
        merged.pop(DEFAULT_CATEGORY, None)
        return [CategoryConfig(name=DEFAULT_CATEGORY, pp=3, priority=0), *merged.values()]

    def category(self, name: str | None) -> CategoryConfig | None:
        """The category ``name`` names (case-insensitively), or None if unknown."""
        if not name:
            return None
        wanted = name.strip().lower()
        return next((c for c in self.categories() if c.name.lower() == wanted), None)

    def set_category(self, name: str, fields: dict[str, Any]) -> CategoryConfig:
        current = self.category(name)
        values: dict[str, Any] = current.model_dump() if current else {"name": name, "dir": name}
        values.update(fields)
        values["name"] = name.strip().lower()
        try:
            config = CategoryConfig.model_validate(values)
        except ValidationError as exc:
            raise CatalogError(_first_error(exc)) from None
        if config.dir.strip().strip("/").lower() in _RESERVED_DIRS:
            raise CatalogError("the incomplete folder cannot be a category folder")
        if config.dir.strip():
            # Refused when set, not when the first job of the category fails to move.
            try:
                confine(self._complete_dir, config.dir.strip())
            except PathEscapeError:
                raise CatalogError("the folder must stay inside the complete folder") from None
        self._store.put_category(config.name, config.model_dump(mode="json"))
        return config

    def delete_category(self, name: str) -> None:
        if name == DEFAULT_CATEGORY:
            raise CatalogError("the default category cannot be deleted")
        self._store.put_category(name.strip().lower(), {}, removed=True)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])
