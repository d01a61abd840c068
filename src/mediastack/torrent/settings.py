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
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mediastack.core.config import Settings
from mediastack.core.fs import atomic_write
from mediastack.torrent.engine import TorrentEngineSettings

log = logging.getLogger(__name__)

PREFERENCES_FILE = "preferences.json"


DEFAULT_SMART_EPISODE_FILTERS = (
    r"s(\d+)e(\d+)",  # s01e01
    r"(\d+)x(\d+)",  # 01x01
    r"(\d{4}[.\-]\d{1,2}[.\-]\d{1,2})",  # 2017.01.01
    r"(\d{1,2}[.\-]\d{1,2}[.\-]\d{4})",  # 01.01.2017
)
"""qBittorrent's default ``rss_smart_episode_filters``."""

_API_KEY = re.compile(r"^qbt_[A-Za-z0-9]{28}$")


class TorrentApiSettings(BaseModel):
    """Settings of the WebAPI layer itself (not the libtorrent session).

    The ``rss_*`` keys and ``web_ui_api_key`` are qBittorrent preferences too: changed by
    ``app/setPreferences`` (or ``app/rotateAPIKey``) and kept across restarts like the
    engine's.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    url_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest .torrent fetched for an add by URL."
    )
    url_timeout_s: float = Field(30.0, gt=0, le=600, description="Time limit of a URL fetch.")
    log_lines: int = Field(1000, ge=10, description="Messages kept for ``log/main``.")
    # --- RSS (qBittorrent's names) ----------------------------------------------------------
    rss_processing_enabled: bool = Field(False, description="Fetch feeds periodically.")
    rss_refresh_interval: int = Field(30, ge=1, le=1440, description="Minutes between fetches.")
    rss_fetch_delay: int = Field(
        2, ge=0, le=3600, description="Seconds between two fetches from the same host."
    )
    rss_max_articles_per_feed: int = Field(50, ge=1, le=100_000)
    rss_auto_downloading_enabled: bool = Field(
        False, description="Add the torrents of articles that a download rule accepts."
    )
    rss_download_repack_proper_episodes: bool = True
    rss_smart_episode_filters: tuple[str, ...] = DEFAULT_SMART_EPISODE_FILTERS
    rss_feed_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest feed document fetched."
    )
    # --- qBittorrent 5.2's API key: ``Authorization: Bearer <key>``; empty = no key login
    web_ui_api_key: str = Field("", description="qbt_ followed by 28 letters or digits.")

    @field_validator("web_ui_api_key")
    @classmethod
    def _check_key(cls, value: str) -> str:
        if value and not _API_KEY.fullmatch(value):
            raise ValueError("an API key is 'qbt_' followed by 28 letters or digits")
        return value


_API_KEYS = frozenset(TorrentApiSettings.model_fields)
_SAVED_API_KEYS = frozenset(k for k in _API_KEYS if k.startswith(("rss_", "web_ui_")))


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


def _save(settings: Settings, values: dict[str, Any]) -> None:
    """Merge ``values`` into the saved preferences (atomic replace, readable by us only:
    the API key lives there)."""
    path = preferences_path(settings)
    data = load_saved_preferences(settings)
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def save_preferences(settings: Settings, engine: TorrentEngineSettings, keys: set[str]) -> None:
    """Persist the engine settings ``keys`` that a preferences call changed.

    Only keys someone actually set through the API are kept, so an operator's later edit of
    another key in config.yaml still takes effect.
    """
    dumped = engine.model_dump(mode="json")
    _save(settings, {k: dumped[k] for k in keys if k in dumped and k != "config_dir"})


def save_api_preferences(settings: Settings, api: TorrentApiSettings, keys: set[str]) -> None:
    """Persist the WebAPI-layer preferences ``keys`` (RSS options, the API key)."""
    dumped = api.model_dump(mode="json")
    _save(settings, {k: dumped[k] for k in keys if k in _SAVED_API_KEYS})


def api_settings(settings: Settings) -> TorrentApiSettings:
    """The WebAPI layer's settings: defaults < ``service:`` section < saved preferences."""
    raw = {k: v for k, v in (settings.service or {}).items() if k in _API_KEYS}
    saved = load_saved_preferences(settings)
    raw.update({k: v for k, v in saved.items() if k in _SAVED_API_KEYS})
    try:
        return TorrentApiSettings.model_validate(raw)
    except ValidationError as exc:  # a hand-edited preferences file must not stop the start
        log.error("ignoring saved WebAPI preferences: %s", exc)
        return TorrentApiSettings.model_validate(
            {k: v for k, v in (settings.service or {}).items() if k in _API_KEYS}
        )


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
