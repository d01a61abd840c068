"""The TV service's own section of the settings (``service:`` in config.yaml).

``MEDIASTACK_SERVICE__METADATA__TVMAZE_URL=http://mirror:8080`` (or the same key under
``service.metadata`` in config.yaml) points the service at a TVmaze mirror: tests use a
local fake, offline users a cache. Validated once at start so a typo fails loudly.
"""

from __future__ import annotations

from pydantic import Field

from mediastack.core.config import Settings
from mediastack.manager.library.settings import (
    LibrarySettings,
    ProviderSettings,
    ProviderUrl,
    service_section,
)

DEFAULT_TVMAZE_URL = "https://api.tvmaze.com"


class MetadataSettings(ProviderSettings):
    tvmaze_url: ProviderUrl = Field(DEFAULT_TVMAZE_URL, description="Base URL of the TVmaze API.")


class TvSettings(LibrarySettings):
    metadata: MetadataSettings = Field(default_factory=MetadataSettings)
    refresh_interval_hours: float = Field(
        12.0, gt=0, description="How often every series' metadata is refreshed."
    )


def tv_settings(settings: Settings) -> TvSettings:
    return service_section(settings, TvSettings)
