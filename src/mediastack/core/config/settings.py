"""Typed settings for every role: environment over ``config.yaml`` over defaults.

Kubernetes users configure everything by environment (``MEDIASTACK_SECTION__KEY``); people on
one box edit ``/config/<name>/config.yaml``; everyone else gets the seed's layout under one
data root. The few names the ecosystem already uses (``DATABASE_URL``, ``PUID``, ``PGID``,
``UMASK``) are honoured as well.
"""

from __future__ import annotations

import ipaddress
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from mediastack.core.config.yamlfile import read_yaml
from mediastack.core.roles import ROLE_FACTS, Role

ENV_PREFIX = "MEDIASTACK_"
ENV_DELIMITER = "__"
CONFIG_FILE_NAME = "config.yaml"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class PathSettings(BaseModel):
    """Where things live. Only ``data_root`` is usually set; the rest follow the seed's tree."""

    data_root: Path = Field(
        Path("data"),
        description="Root of the seed's tree: config/, downloads/ and media/ live below it. "
        "The container image sets it to `/`.",
    )
    config_dir: Path | None = Field(
        None, description="This service's own folder. Default: `<data_root>/config/<name>`."
    )
    downloads_dir: Path | None = Field(
        None, description="The shared downloads folder. Default: `<data_root>/downloads`."
    )
    media_dir: Path | None = Field(
        None, description="The shared media library. Default: `<data_root>/media`."
    )


class AuthSettings(BaseModel):
    """Authentication: on by default for every service."""

    api_key: SecretStr | None = Field(
        None,
        description="API key (32 hex characters). Generated at first start and saved to "
        "config.yaml when not given.",
    )
    username: str = Field("admin", description="User name for the web UI and form logins.")
    password: SecretStr | None = Field(
        None,
        description="Plain password, for environment-driven deployments (a Kubernetes "
        "Secret); it is hashed in memory at start and never written anywhere.",
    )
    password_hash: str | None = Field(
        None, description="argon2 hash of the UI password, as written by the first-run setup."
    )
    session_secret: SecretStr | None = Field(
        None, description="Key that signs session cookies. Generated at first start."
    )
    session_days: int = Field(30, ge=1, description="How long a UI session lasts.")
    exempt_subnets: list[IPNetwork] = Field(
        default_factory=list,
        description="Clients in these subnets need no credentials (the originals' 'disabled "
        "for local addresses' / 'bypass for whitelisted subnets'). Empty by default.",
    )
    max_failures: int = Field(
        5, ge=1, description="Failed logins from one address before it is refused for a while."
    )
    ban_seconds: int = Field(3600, ge=1, description="How long a throttled address is refused.")
    failure_window_seconds: int = Field(
        900, ge=1, description="Failures older than this are forgotten."
    )

    @field_validator("exempt_subnets", mode="before")
    @classmethod
    def _split_subnets(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


class HttpSettings(BaseModel):
    host: str = Field("0.0.0.0", description="Address to listen on.")  # noqa: S104
    port: int | None = Field(
        None, ge=1, le=65535, description="Port. Default: the role's seed port."
    )
    url_base: str = Field("", description="Path prefix when served behind a reverse proxy.")

    @field_validator("url_base")
    @classmethod
    def _normalise_url_base(cls, value: str) -> str:
        value = value.strip().strip("/")
        return f"/{value}" if value else ""


class DatabaseSettings(BaseModel):
    url: str | None = Field(
        None,
        description="SQLAlchemy URL; `postgresql://...` for PostgreSQL (needed for more than one "
        "replica). Default: SQLite in the config folder. `DATABASE_URL` is read too.",
    )
    sqlite_journal: Literal["auto", "wal", "delete"] = Field(
        "auto",
        description="SQLite journal mode. `auto`: WAL on a local disk, the rollback journal "
        "with one writer on SMB/NFS, where WAL cannot work.",
    )
    busy_timeout_ms: int = Field(30000, ge=0, description="How long SQLite waits for a lock.")


class OwnershipSettings(BaseModel):
    puid: int | None = Field(None, description="Owner of written files (`PUID` is read too).")
    pgid: int | None = Field(None, description="Group of written files (`PGID` is read too).")
    umask: int = Field(0o022, description="umask for written files (`UMASK`, octal, too).")

    @field_validator("umask", mode="before")
    @classmethod
    def _octal(cls, value: Any) -> Any:
        if isinstance(value, str):
            return int(value, 8)
        return value


class LogSettings(BaseModel):
    level: Literal["debug", "info", "warning", "error"] = Field("info", description="Log level.")
    file_max_bytes: int = Field(1_048_576, ge=0, description="Rotate log files at this size.")
    file_count: int = Field(5, ge=0, description="Rotated log files kept.")


class DownloadClientLink(BaseModel):
    """A download client a manager should have configured at start (set by `up` or a Secret)."""

    name: str
    implementation: Literal["QBittorrent", "Sabnzbd"]
    host: str
    port: int
    use_ssl: bool = False
    url_base: str = ""
    username: str = ""
    password: SecretStr | None = None
    api_key: SecretStr | None = None
    category: str | None = None


class ProvisionSettings(BaseModel):
    download_clients: list[DownloadClientLink] = Field(
        default_factory=list,
        description="Download clients a manager creates or updates at start, by name (JSON in "
        "the environment). `mediastack up` fills this in.",
    )


class HealthSettings(BaseModel):
    min_free_space_mb: int = Field(
        1024, ge=0, description="Warn when a storage root has less free space than this."
    )


class BackupSettings(BaseModel):
    interval_days: int = Field(7, ge=1, description="Days between scheduled backups.")
    keep: int = Field(4, ge=1, description="Scheduled backups kept (manual ones are kept).")


class JobSettings(BaseModel):
    scheduler: bool = Field(
        True,
        description="Take part in the scheduler lease (run scheduled tasks and commands when "
        "holding it). `false` makes an API-only replica.",
    )
    lease_seconds: int = Field(
        60,
        ge=2,
        description="Scheduler lease: with several replicas on PostgreSQL, the holder runs "
        "scheduled work and commands; another takes over this long after it dies.",
    )
    tick_seconds: float = Field(
        5.0, gt=0, description="How often the scheduler looks for due tasks."
    )
    task_intervals_seconds: dict[str, int] = Field(
        default_factory=dict,
        description="Advanced: override a scheduled task's interval, by command name.",
    )


_yaml_path: ContextVar[Path | None] = ContextVar("mediastack_yaml_path", default=None)

_ALIASES: dict[str, tuple[str, str]] = {
    "DATABASE_URL": ("database", "url"),
    "PUID": ("ownership", "puid"),
    "PGID": ("ownership", "pgid"),
    "UMASK": ("ownership", "umask"),
}


class _AliasEnvSource(PydanticBaseSettingsSource):
    """The ecosystem's well-known variable names, beneath our own prefixed ones."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for var, (section, key) in _ALIASES.items():
            value = os.environ.get(var)
            if value:
                found.setdefault(section, {})[key] = value
        return found


class _YamlSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = _yaml_path.get()
        return read_yaml(path) if path is not None else {}


class Settings(BaseSettings):
    """Everything a service can be told. See docs/configuration.md (generated from this)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=ENV_DELIMITER,
        extra="ignore",
        validate_default=True,
    )

    role: Role = Field(Role.TV, description="Which service this process is.")
    instance_name: str | None = Field(None, description="Name shown in the UI and status.")
    paths: PathSettings = Field(default_factory=PathSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    ownership: OwnershipSettings = Field(default_factory=OwnershipSettings)
    logging: LogSettings = Field(default_factory=LogSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    backup: BackupSettings = Field(default_factory=BackupSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    provision: ProvisionSettings = Field(default_factory=ProvisionSettings)
    service: dict[str, Any] = Field(
        default_factory=dict,
        description="Role-specific settings (servers and categories for usenet, session "
        "options for torrent, ...); each role validates its own section.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            _AliasEnvSource(settings_cls),
            _YamlSource(settings_cls),
        )

    # Derived paths -------------------------------------------------------------------------

    @property
    def facts(self) -> Any:
        return ROLE_FACTS[self.role]

    @property
    def config_dir(self) -> Path:
        return self.paths.config_dir or config_dir_for(self.paths.data_root, self.role)

    @property
    def downloads_dir(self) -> Path:
        return self.paths.downloads_dir or self.paths.data_root / "downloads"

    @property
    def media_dir(self) -> Path:
        return self.paths.media_dir or self.paths.data_root / "media"

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE_NAME

    @property
    def port(self) -> int:
        return self.http.port or ROLE_FACTS[self.role].default_port

    @property
    def api_key(self) -> str:
        if self.auth.api_key is None:
            raise RuntimeError("API key not initialised; call ensure_secrets() at start")
        return self.auth.api_key.get_secret_value()


def config_dir_for(data_root: Path, role: Role) -> Path:
    return data_root / "config" / ROLE_FACTS[role].config_folder


def _bootstrap_config_dir(role: Role, overrides: dict[str, Any]) -> Path:
    """Find config.yaml before the full settings exist (it may itself move the config dir)."""
    paths = overrides.get("paths", {})
    env = EnvSettingsSource(Settings, env_prefix=ENV_PREFIX, env_nested_delimiter=ENV_DELIMITER)()
    env_paths = env.get("paths", {}) if isinstance(env.get("paths"), dict) else {}
    config_dir = paths.get("config_dir") or env_paths.get("config_dir")
    if config_dir:
        return Path(config_dir)
    data_root = paths.get("data_root") or env_paths.get("data_root") or "data"
    return config_dir_for(Path(data_root), role)


def load_settings(role: Role | str, **overrides: Any) -> Settings:
    """Settings for ``role``: explicit overrides > environment > config.yaml > defaults."""
    role = Role(role)
    config_file = _bootstrap_config_dir(role, overrides) / CONFIG_FILE_NAME
    token = _yaml_path.set(config_file)
    try:
        settings = Settings(role=role, **overrides)
    finally:
        _yaml_path.reset(token)
    _overrides[id(settings)] = (role, overrides)
    return settings


_overrides: dict[int, tuple[Role, dict[str, Any]]] = {}


def reload_settings(settings: Settings) -> Settings:
    """Read the same settings again (after config.yaml changed), keeping explicit overrides."""
    role, overrides = _overrides.get(id(settings), (settings.role, {}))
    return load_settings(role, **overrides)
