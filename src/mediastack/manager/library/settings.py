"""What every media domain's ``service:`` section holds besides its provider's address.

Each domain reads its metadata from one provider over HTTP (TVmaze, TMDB, MusicBrainz) with
the same limits (timeout, retries while refused, the first back-off) and the same cover
cache, and refreshes its whole library on a schedule. The domains subclass these and add
their provider's own settings; ``service_section`` reads the validated section once at
start, so a typo fails loudly.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from mediastack.core.config import Settings

SectionT = TypeVar("SectionT", bound=BaseModel)


def http_url(value: str, name: str, *, optional: bool = False) -> str:
    """A provider's base URL without its trailing slash (empty only when ``optional``)."""
    value = value.strip().rstrip("/")
    if optional and not value:
        return value
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"{name} must be an http(s) URL")
    return value


def _provider_url(value: str, info: ValidationInfo) -> str:
    return http_url(value, info.field_name or "url")


def _optional_url(value: str, info: ValidationInfo) -> str:
    return http_url(value, info.field_name or "url", optional=True)


#: a provider's base URL setting (checked, trailing slash dropped)
ProviderUrl = Annotated[str, AfterValidator(_provider_url)]
#: the same where empty means "ask the provider"
OptionalUrl = Annotated[str, AfterValidator(_optional_url)]


class ProviderSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    timeout_seconds: float = Field(20.0, gt=0, description="Per-request timeout.")
    rate_limit_retries: int = Field(
        4, ge=1, le=10, description="Attempts per request while the provider refuses (429/503)."
    )
    rate_limit_backoff_seconds: float = Field(
        2.0, ge=0, description="First wait after a refusal without Retry-After (then doubled)."
    )
    download_images: bool = Field(True, description="Cache cover images locally.")
    max_image_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest cover kept.")


class LibrarySettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    refresh_interval_hours: float = Field(
        24.0, gt=0, description="How often every library item's metadata is refreshed."
    )


def service_section(settings: Settings, model: type[SectionT]) -> SectionT:
    """The role's ``service:`` section read as ``model`` (absent: its defaults)."""
    raw: Any = settings.service or {}
    return model.model_validate(raw if isinstance(raw, dict) else {})
