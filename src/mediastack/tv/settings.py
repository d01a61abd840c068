"""The TV service's own section of the settings (``service:`` in config.yaml).

``MEDIASTACK_SERVICE__METADATA__TVMAZE_URL=http://mirror:8080`` (or the same key under
``service.metadata`` in config.yaml) points the service at a TVmaze mirror: tests use a
local fake, offline users a cache. Validated once at start so a typo fails loudly.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mediastack.core.config import Settings

DEFAULT_TVMAZE_URL = "https://api.tvmaze.com"


class MetadataSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tvmaze_url: str = Field(DEFAULT_TVMAZE_URL, description="Base URL of the TVmaze API.")
    timeout_seconds: float = Field(20.0, gt=0, description="Per-request timeout.")
    rate_limit_retries: int = Field(
        4, ge=1, le=10, description="Attempts per request while TVmaze answers HTTP 429."
    )
    rate_limit_backoff_seconds: float = Field(
        2.0, ge=0, description="First wait after a 429 without Retry-After (then doubled)."
    )
    download_images: bool = Field(True, description="Cache posters and fanart locally.")
    max_image_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest cover kept.")

    @field_validator("tvmaze_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("tvmaze_url must be an http(s) URL")
        return value


class TvSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: MetadataSettings = Field(default_factory=MetadataSettings)
    refresh_interval_hours: float = Field(
        12.0, gt=0, description="How often every series' metadata is refreshed."
    )


def tv_settings(settings: Settings) -> TvSettings:
    raw: Any = settings.service or {}
    return TvSettings.model_validate(raw if isinstance(raw, dict) else {})
