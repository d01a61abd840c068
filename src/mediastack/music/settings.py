"""The music service's own section of the settings (``service:`` in config.yaml).

``MEDIASTACK_SERVICE__METADATA__MUSICBRAINZ_URL=http://mirror:5000/ws/2`` points the
service at a MusicBrainz mirror (a local replica has no rate limit: set
``rate_limit_interval_seconds`` to 0 there). The public server asks for one request per
second and a User-Agent naming the application and a contact; both are settings.
"""

from __future__ import annotations

from pydantic import Field

from mediastack import __version__
from mediastack.core.config import Settings
from mediastack.manager.library.settings import (
    LibrarySettings,
    ProviderSettings,
    ProviderUrl,
    service_section,
)

DEFAULT_MUSICBRAINZ_URL = "https://musicbrainz.org/ws/2"
DEFAULT_COVERART_URL = "https://coverartarchive.org"
DEFAULT_CONTACT = "https://github.com/mediastack/mediastack"


class MetadataSettings(ProviderSettings):
    musicbrainz_url: ProviderUrl = Field(
        DEFAULT_MUSICBRAINZ_URL, description="Base URL of the MusicBrainz web service (WS/2)."
    )
    coverart_url: ProviderUrl = Field(
        DEFAULT_COVERART_URL, description="Base URL of the Cover Art Archive."
    )
    contact: str = Field(
        DEFAULT_CONTACT,
        description="Contact (URL or e-mail) sent in the User-Agent, as MusicBrainz asks.",
    )
    rate_limit_interval_seconds: float = Field(
        1.0, ge=0, le=60, description="Least time between two MusicBrainz requests."
    )

    @property
    def user_agent(self) -> str:
        """``App/version ( contact )``, the form MusicBrainz documents."""
        return f"mediastack/{__version__} ( {self.contact} )"


class MusicSettings(LibrarySettings):
    metadata: MetadataSettings = Field(default_factory=MetadataSettings)


def music_settings(settings: Settings) -> MusicSettings:
    return service_section(settings, MusicSettings)
