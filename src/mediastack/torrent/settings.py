"""The torrent service's own section of the settings (``service:`` in config.yaml).

The section is flat so every key has a short environment override
(``MEDIASTACK_SERVICE__LISTEN_PORT=51413``). Keys that belong to the WebAPI layer (URL
fetching, log buffer) are validated here; every other key is handed to the engine's
:class:`TorrentEngineSettings`, which forbids unknown keys, so a typo fails at start instead
of being silently ignored. Storage defaults follow the seed's tree: downloads under
``<downloads>/torrents`` (one folder per category), resume data and categories under the
service's config folder.

``app/setPreferences`` changes are written to ``<config_dir>/preferences.json`` and applied
over this section at the next start, as qBittorrent keeps its preferences across restarts.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mediastack.core.config import Settings
from mediastack.torrent.engine import TorrentEngineSettings

log = logging.getLogger(__name__)

PREFERENCES_FILE = "preferences.json"


class TorrentApiSettings(BaseModel):
    """Settings of the WebAPI layer itself (not the libtorrent session)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest .torrent fetched for an add by URL."
    )
    url_timeout_s: float = Field(30.0, gt=0, le=600, description="Time limit of a URL fetch.")
    log_lines: int = Field(1000, ge=10, description="Messages kept for ``log/main``.")


_API_KEYS = frozenset(TorrentApiSettings.model_fields)


def preferences_path(settings: Settings) -> Path:
    return settings.config_dir / PREFERENCES_FILE


def load_saved_preferences(settings: Settings) -> dict[str, Any]:
    """Engine-setting overrides saved by ``app/setPreferences`` (empty when none/corrupt)."""
    path = preferences_path(settings)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.error("ignoring unreadable %s: %s", path, exc)
        return {}
    return raw if isinstance(raw, dict) else {}


def save_preferences(settings: Settings, engine: TorrentEngineSettings, keys: set[str]) -> None:
    """Persist the engine settings ``keys`` that a preferences call changed (atomic replace).

    Only keys someone actually set through the API are kept, so an operator's later edit of
    another key in config.yaml still takes effect.
    """
    path = preferences_path(settings)
    data = load_saved_preferences(settings)
    dumped = engine.model_dump(mode="json")
    data.update({k: dumped[k] for k in keys if k in dumped and k != "config_dir"})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, path)


def api_settings(settings: Settings) -> TorrentApiSettings:
    raw = settings.service or {}
    return TorrentApiSettings.model_validate({k: v for k, v in raw.items() if k in _API_KEYS})


def engine_settings(settings: Settings) -> TorrentEngineSettings:
    """The engine's settings: seed-tree defaults < ``service:`` section < saved preferences."""
    raw: dict[str, Any] = {
        "save_path": (settings.downloads_dir / "torrents").resolve(),
        "config_dir": settings.config_dir.resolve(),
    }
    raw.update({k: v for k, v in (settings.service or {}).items() if k not in _API_KEYS})
    saved = load_saved_preferences(settings)
    known = set(TorrentEngineSettings.model_fields)
    raw.update({k: v for k, v in saved.items() if k in known and k != "config_dir"})
    return TorrentEngineSettings.model_validate(raw)
