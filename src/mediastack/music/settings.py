"""The music service's own section of the settings (``service:`` in config.yaml).

``MEDIASTACK_SERVICE__METADATA__MUSICBRAINZ_URL=http://mirror:5000/ws/2`` points the
service at a MusicBrainz mirror (a local replica has no rate limit: set
``rate_limit_interval_seconds`` to 0 there). The public server asks for one request per
second and a User-Agent naming the application and a contact; both are settings.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mediastack import __version__
from mediastack.core.config import Settings

DEFAULT_MUSICBRAINZ_URL = "https://musicbrainz.org/ws/2"
DEFAULT_COVERART_URL = "https://coverartarchive.org"
DEFAULT_CONTACT = "https://github.com/mediastack/mediastack"


def _http_url(value: str, name: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"{name} must be an http(s) URL")
    return value


class MetadataSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    musicbrainz_url: str = Field(
        DEFAULT_MUSICBRAINZ_URL, description="Base URL of the MusicBrainz web service (WS/2)."
    )
    coverart_url: str = Field(
        DEFAULT_COVERART_URL, description="Base URL of the Cover Art Archive."
    )
    contact: str = Field(
        DEFAULT_CONTACT,
        description="Contact (URL or e-mail) sent in the User-Agent, as MusicBrainz asks.",
    )
    rate_limit_interval_seconds: float = Field(
        1.0, ge=0, le=60, description="Least time between two MusicBrainz requests."
    )
    timeout_seconds: float = Field(20.0, gt=0, description="Per-request timeout.")
    rate_limit_retries: int = Field(
        4, ge=1, le=10, description="Attempts per request while MusicBrainz refuses (HTTP 503)."
    )
    rate_limit_backoff_seconds: float = Field(
        2.0, ge=0, description="First wait after a refusal without Retry-After (then doubled)."
    )
    download_images: bool = Field(True, description="Cache album covers locally.")
    max_image_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest cover kept.")

    @field_validator("musicbrainz_url")
    @classmethod
    def _mb_url(cls, value: str) -> str:
        return _http_url(value, "musicbrainz_url")

    @field_validator("coverart_url")
    @classmethod
    def _caa_url(cls, value: str) -> str:
        return _http_url(value, "coverart_url")

    @property
    def user_agent(self) -> str:
        """``App/version ( contact )``, the form MusicBrainz documents."""
        return f"mediastack/{__version__} ( {self.contact} )"


class MusicSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: MetadataSettings = Field(default_factory=MetadataSettings)
    refresh_interval_hours: float = Field(
        24.0, gt=0, description="How often every artist's metadata is refreshed."
    )


def music_settings(settings: Settings) -> MusicSettings:
    raw: Any = settings.service or {}
    return MusicSettings.model_validate(raw if isinstance(raw, dict) else {})
