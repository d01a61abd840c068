"""What the engine needs to know about a media kind, and nothing more.

The engine never asks "is this TV?"; it asks the domain for names, versions and its own
routes. Each of tv/, movies/ and music/ provides one of these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.core.roles import Role

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"


@dataclass(frozen=True)
class ManagerDomain:
    role: Role
    app_name: str  # the program clients believe they talk to: "Sonarr", "Radarr", "Lidarr"
    version: str  # an upstream-like version: clients pick code paths by its major number
    api_version: str  # "v3" (Sonarr, Radarr) or "v1" (Lidarr)
    category_field: str  # download-client field naming the category: tvCategory, ...
    library_ids_field: str  # how tag/detail names the library items: seriesIds, ...
    extra_version_dirs: Sequence[Path] = ()
    setup_routes: Callable[[ServiceContext, FastAPI], None] | None = field(default=None)

    @property
    def flavour(self) -> Literal["sonarr", "radarr", "lidarr"]:
        """Which original's variant of shared schemas (indexer fields, ...) to speak."""
        return {"tv": "sonarr", "movies": "radarr", "music": "lidarr"}[self.role.value]  # type: ignore[return-value]

    @property
    def media_kind(self) -> Literal["tv", "movie", "music"]:
        return {"tv": "tv", "movies": "movie", "music": "music"}[self.role.value]  # type: ignore[return-value]

    @property
    def api_prefix(self) -> str:
        return f"/api/{self.api_version}"

    @property
    def version_dirs(self) -> list[Path]:
        return [MIGRATIONS, *self.extra_version_dirs]
