"""Categories and tags: the engine's two small persisted name lists.

Files follow qBittorrent's own shape so an operator recognises them: ``categories.json``
maps a name to ``{"save_path": ...}`` (plus our share limits), ``tags.json`` is a list.
A category's save path as configured may be empty (use ``<save_path>/<name>``), relative
(to the default save path) or absolute. Not thread-safe by itself: the engine holds its
lock around every call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mediastack.torrent.engine.errors import CategoryError
from mediastack.torrent.engine.models import USE_GLOBAL, Category, ShareLimits
from mediastack.torrent.engine.resume import read_json_file, write_json_file
from mediastack.torrent.engine.settings import ShareLimitAction
from mediastack.torrent.engine.validation import validate_category_name, validate_tag


class Catalog:
    """Categories (name -> save path, share limits) and the set of known tags."""

    def __init__(self, default_save_path: Path, categories_file: Path, tags_file: Path) -> None:
        self._default = default_save_path
        self._categories_file = categories_file
        self._tags_file = tags_file
        self._categories: dict[str, Category] = {}
        self._tags: list[str] = []

    # ------------------------------------------------------------------ persistence

    def load(self) -> None:
        raw = read_json_file(self._categories_file)
        if isinstance(raw, dict):
            for name, body in raw.items():
                try:
                    validate_category_name(name)
                except CategoryError:
                    continue
                body = body if isinstance(body, dict) else {}
                self._categories[name] = self._make(name, str(body.get("save_path", "")), body)
        tags = read_json_file(self._tags_file)
        if isinstance(tags, list):
            self._tags = sorted({t for t in tags if isinstance(t, str) and t})

    def _save_categories(self) -> None:
        write_json_file(
            self._categories_file,
            {
                c.name: {
                    "save_path": c.save_path,
                    "ratio_limit": c.share_limits.ratio_limit,
                    "seeding_time_limit": c.share_limits.seeding_time_limit,
                    "share_limit_action": c.share_limits.action.value
                    if c.share_limits.action
                    else None,
                }
                for c in self._categories.values()
            },
        )

    def _save_tags(self) -> None:
        write_json_file(self._tags_file, self._tags)

    # ------------------------------------------------------------------ categories

    def set_default_save_path(self, path: Path) -> None:
        """The default save path changed: re-resolve every category's folder."""
        if path == self._default:
            return
        self._default = path
        self._categories = {
            n: self._with_limits(self._make(n, c.save_path), c.share_limits)
            for n, c in self._categories.items()
        }

    def resolve_save_path(self, name: str, configured: str) -> Path:
        """Where a category's torrents are saved: configured path, else <default>/<name>."""
        if not configured:
            return self._default.joinpath(*name.split("/"))
        path = Path(configured)
        return path if path.is_absolute() else self._default / path

    def _make(self, name: str, save_path: str, limits: dict[str, Any] | None = None) -> Category:
        limits = limits or {}
        ratio = limits.get("ratio_limit", USE_GLOBAL)
        seeding = limits.get("seeding_time_limit", USE_GLOBAL)
        action = limits.get("share_limit_action")
        share = ShareLimits(
            ratio_limit=float(ratio) if isinstance(ratio, int | float) else USE_GLOBAL,
            seeding_time_limit=int(seeding) if isinstance(seeding, int) else USE_GLOBAL,
            action=ShareLimitAction(action)
            if action in {a.value for a in ShareLimitAction}
            else None,
        )
        return Category(
            name=name,
            save_path=save_path,
            resolved_save_path=str(self.resolve_save_path(name, save_path)),
            share_limits=share,
        )

    def categories(self) -> dict[str, Category]:
        return dict(self._categories)

    def get(self, name: str) -> Category | None:
        return self._categories.get(name)

    def require(self, name: str) -> Category:
        category = self._categories.get(name)
        if category is None:
            raise CategoryError(f"unknown category {name!r}")
        return category

    def create(
        self, name: str, save_path: str = "", share_limits: ShareLimits | None = None
    ) -> Category:
        validate_category_name(name)
        if name in self._categories:
            raise CategoryError(f"category {name!r} already exists")
        category = self._with_limits(self._make(name, save_path), share_limits)
        self._categories[name] = category
        self._save_categories()
        return category

    def edit(self, name: str, save_path: str, share_limits: ShareLimits | None = None) -> Category:
        old = self.require(name)
        category = self._with_limits(self._make(name, save_path), share_limits or old.share_limits)
        self._categories[name] = category
        self._save_categories()
        return category

    @staticmethod
    def _with_limits(category: Category, limits: ShareLimits | None) -> Category:
        if limits is None:
            return category
        return Category(category.name, category.save_path, category.resolved_save_path, limits)

    def remove(self, names: list[str]) -> list[str]:
        removed = [n for n in names if self._categories.pop(n, None) is not None]
        if removed:
            self._save_categories()
        return removed

    # ------------------------------------------------------------------ tags

    def tags(self) -> list[str]:
        return list(self._tags)

    def add_tags(self, tags: list[str]) -> list[str]:
        cleaned = [validate_tag(t) for t in tags]
        new = sorted(set(self._tags) | set(cleaned))
        if new != self._tags:
            self._tags = new
            self._save_tags()
        return cleaned

    def delete_tags(self, tags: list[str]) -> None:
        remaining = [t for t in self._tags if t not in set(tags)]
        if remaining != self._tags:
            self._tags = remaining
            self._save_tags()
