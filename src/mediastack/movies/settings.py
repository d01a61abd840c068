"""The movie service's own section of the settings (``service:`` in config.yaml).

TMDB needs the user's own API key: ``MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY=...`` (or
``service.metadata.tmdb_api_key`` in config.yaml). A v3 key goes out as ``api_key=``; a
v4 read-access token (a JWT, ``eyJ...``) as ``Authorization: Bearer``. The base URL is a
setting so tests and offline users can point at a mirror. Validated once at start so a
typo fails loudly.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from mediastack.core.config import Settings
from mediastack.manager.library.settings import (
    LibrarySettings,
    OptionalUrl,
    ProviderSettings,
    ProviderUrl,
    service_section,
)

DEFAULT_TMDB_URL = "https://api.themoviedb.org/3"
DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"
KEY_SETTING = (
    "service.metadata.tmdb_api_key (environment: MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY)"
)


class MetadataSettings(ProviderSettings):
    tmdb_url: ProviderUrl = Field(DEFAULT_TMDB_URL, description="Base URL of the TMDB v3 API.")
    tmdb_api_key: SecretStr = Field(
        SecretStr(""), description="Your TMDB API key (v3 key or v4 read-access token)."
    )
    image_base_url: OptionalUrl = Field(
        "",
        description="Base URL of TMDB images; empty: ask TMDB's /configuration once.",
    )
    poster_size: str = Field("original", description="TMDB image size for posters.")
    fanart_size: str = Field("original", description="TMDB image size for fanart.")
    release_country: str = Field(
        "US", min_length=2, max_length=2, description="Whose release dates count (ISO 3166-1)."
    )

    @field_validator("image_base_url")
    @classmethod
    def _image_url(cls, value: str) -> str:
        return value + "/" if value else ""  # image paths are appended to it

    @field_validator("release_country")
    @classmethod
    def _country(cls, value: str) -> str:
        return value.upper()

    @property
    def has_key(self) -> bool:
        return bool(self.tmdb_api_key.get_secret_value().strip())


class MovieSettings(LibrarySettings):
    metadata: MetadataSettings = Field(default_factory=MetadataSettings)


def movie_settings(settings: Settings) -> MovieSettings:
    return service_section(settings, MovieSettings)
