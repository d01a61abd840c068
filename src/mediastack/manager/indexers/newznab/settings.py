"""How to reach a Newznab indexer and what to ask it for.

These are the values behind the ``indexer`` API resource's ``fields`` (``baseUrl``,
``apiPath``, ``apiKey``, ``categories``...); ``definitions.py`` maps the API names onto these
attributes, so the wire client never sees API-shaped dictionaries.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

__all__ = ["NewznabSettings"]


class NewznabSettings(BaseModel):
    """Connection and query settings shared by Newznab and Torznab indexers.

    ``additional_parameters`` is the originals' free-form suffix (``&attrs=poster&dl=1``)
    appended to every request; ``anime_categories`` are searched instead of ``categories``
    for anime (plus the standard ones when ``anime_standard_format_search`` is on).
    The Radarr/Lidarr-only values (``multi_languages``, ``remove_year``, ``required_flags``,
    ``early_release_limit``) are kept here so that a resource round-trips unchanged; only
    ``remove_year`` changes what is sent, the rest are read by the decision engine.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str
    api_path: str = "/api"
    api_key: SecretStr = SecretStr("")
    categories: tuple[int, ...] = ()
    anime_categories: tuple[int, ...] = ()
    anime_standard_format_search: bool = False
    additional_parameters: str = ""
    multi_languages: tuple[int, ...] = ()
    remove_year: bool = False
    required_flags: tuple[int, ...] = ()
    early_release_limit: int | None = None
    timeout_seconds: float = Field(default=100.0, gt=0)

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("baseUrl must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("api_path")
    @classmethod
    def _check_api_path(cls, value: str) -> str:
        value = value.strip() or "/api"
        return value if value.startswith("/") else f"/{value}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{self.api_path}"

    def extra_params(self) -> list[tuple[str, str]]:
        """``additional_parameters`` as query pairs (a leading ``&`` or ``?`` is optional)."""
        raw = self.additional_parameters.strip().lstrip("?&")
        return parse_qsl(raw, keep_blank_values=True) if raw else []
