"""Settings and helpers both wire proxies share (base URL, TLS, time-outs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ConnectionSettings(BaseModel):
    """Where a client listens, in the originals' terms (``urlBase`` is a path prefix)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    host: str = "localhost"
    port: int = Field(default=8080, ge=1, le=65535)
    use_ssl: bool = False
    url_base: str = ""
    timeout: float = Field(default=30.0, gt=0)

    def base_url(self, suffix: str) -> str:
        """``http(s)://host:port[/urlBase]/suffix`` with exactly one slash between parts."""
        scheme = "https" if self.use_ssl else "http"
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        base = self.url_base.strip("/")
        prefix = f"/{base}" if base else ""
        return f"{scheme}://{host}:{self.port}{prefix}/{suffix.lstrip('/')}"

    @property
    def is_localhost(self) -> bool:
        return self.host.lower() in ("localhost", "127.0.0.1", "::1", "[::1]")


def pick(fields: dict[str, Any], *names: str, default: Any = None) -> Any:
    """The first of ``names`` present in a stored settings dict (originals' camelCase)."""
    for name in names:
        if name in fields and fields[name] is not None:
            return fields[name]
    return default


def imported_category_field(category_field: str) -> str:
    """``tvCategory`` -> ``tvImportedCategory`` (Sonarr's, Radarr's, Lidarr's field names)."""
    stem = category_field.removesuffix("Category")
    return f"{stem}ImportedCategory"
