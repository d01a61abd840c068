"""The movie service's own section of the settings (``service:`` in config.yaml).

TMDB needs the user's own API key: ``MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY=...`` (or
``service.metadata.tmdb_api_key`` in config.yaml). A v3 key goes out as ``api_key=``; a
v4 read-access token (a JWT, ``eyJ...``) as ``Authorization: Bearer``. The base URL is a
setting so tests and offline users can point at a mirror. Validated once at start so a
typo fails loudly.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from mediastack.core.config import Settings

DEFAULT_TMDB_URL = "https://api.themoviedb.org/3"
DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"
KEY_SETTING = (
    "service.metadata.tmdb_api_key (environment: MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY)"
)


def _http_url(value: str, name: str) -> str:
    value = value.strip()
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"{name} must be an http(s) URL")
    return value


class MetadataSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tmdb_url: str = Field(DEFAULT_TMDB_URL, description="Base URL of the TMDB v3 API.")
    tmdb_api_key: SecretStr = Field(
        SecretStr(""), description="Your TMDB API key (v3 key or v4 read-access token)."
    )
    image_base_url: str = Field(
        "",
        description="Base URL of TMDB images; empty: ask TMDB's /configuration once.",
    )
    poster_size: str = Field("original", description="TMDB image size for posters.")
    fanart_size: str = Field("original", description="TMDB image size for fanart.")
    release_country: str = Field(
        "US", min_length=2, max_length=2, description="Whose release dates count (ISO 3166-1)."
    )
    timeout_seconds: float = Field(20.0, gt=0, description="Per-request timeout.")
    rate_limit_retries: int = Field(
        4, ge=1, le=10, description="Attempts per request while TMDB answers HTTP 429."
    )
    rate_limit_backoff_seconds: float = Field(
        2.0, ge=0, description="First wait after a 429 without Retry-After (then doubled)."
    )
    download_images: bool = Field(True, description="Cache posters and fanart locally.")
    max_image_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest cover kept.")

    @field_validator("tmdb_url")
    @classmethod
    def _tmdb_url(cls, value: str) -> str:
        value = _http_url(value, "tmdb_url").rstrip("/")
        if not value:
            raise ValueError("tmdb_url must not be empty")
        return value

    @field_validator("image_base_url")
    @classmethod
    def _image_url(cls, value: str) -> str:
        value = _http_url(value, "image_base_url")
        return value.rstrip("/") + "/" if value else ""

    @field_validator("release_country")
    @classmethod
    def _country(cls, value: str) -> str:
        return value.upper()

    @property
    def has_key(self) -> bool:
        return bool(self.tmdb_api_key.get_secret_value().strip())


class MovieSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: MetadataSettings = Field(default_factory=MetadataSettings)
    refresh_interval_hours: float = Field(
        24.0, gt=0, description="How often every movie's metadata is refreshed."
    )


def movie_settings(settings: Settings) -> MovieSettings:
    raw: Any = settings.service or {}
    return MovieSettings.model_validate(raw if isinstance(raw, dict) else {})
