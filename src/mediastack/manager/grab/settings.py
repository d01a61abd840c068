"""Settings of the grab path (``service.grab`` in config.yaml, or
``MEDIASTACK_SERVICE__GRAB__RSS_INTERVAL_MINUTES=30``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mediastack.core.config import Settings


class GrabSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rss_interval_minutes: float = Field(15.0, gt=0, description="How often RssSync runs.")
    refresh_downloads_minutes: float = Field(
        1.0, gt=0, description="How often the download clients are polled for the queue."
    )
    indexer_min_interval_seconds: float = Field(
        2.0, ge=0, description="Least time between two requests to one indexer."
    )
    retention_days: int = Field(0, ge=0, description="Usenet retention; 0 means unlimited.")
    max_release_file_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest .torrent or .nzb downloaded for a grab."
    )
    release_cache_minutes: float = Field(
        30.0, gt=0, description="How long interactive search results can be grabbed by guid."
    )
    download_timeout_seconds: float = Field(60.0, gt=0)


def grab_settings(settings: Settings) -> GrabSettings:
    raw: Any = settings.service or {}
    section = raw.get("grab") if isinstance(raw, dict) else None
    return GrabSettings.model_validate(section if isinstance(section, dict) else {})
