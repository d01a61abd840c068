"""The usenet service's own section of the settings (``service:`` in config.yaml).

``Settings.service`` is a free-form dict shared by every role; this model validates the usenet
part of it once at start, so a typo in config.yaml or an environment variable fails loudly
instead of silently being ignored. Servers and categories given here are the operator's
baseline; those added through the API (``mode=set_config``) live in the database and win
over a config entry of the same name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mediastack.core.config import Settings
from mediastack.usenet.engine import ServerConfig

__all__ = [
    "RETENTION_OPTIONS",
    "CategoryConfig",
    "RetentionOption",
    "UsenetSettings",
    "usenet_settings",
]

DEFAULT_CATEGORIES = ("tv", "movies", "music")

RetentionOption = Literal[
    "all",
    "number-archive",
    "number-delete",
    "days-archive",
    "days-delete",
    "all-archive",
    "all-delete",
]
RETENTION_OPTIONS: tuple[RetentionOption, ...] = (
    "all",
    "number-archive",
    "number-delete",
    "days-archive",
    "days-delete",
    "all-archive",
    "all-delete",
)


class CategoryConfig(BaseModel):
    """One SABnzbd category: its folder under the complete dir and its defaults."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    dir: str = ""
    pp: int | None = Field(default=None, ge=0, le=3)
    priority: int = Field(default=-100, ge=-100, le=2)
    script: str = "Default"


class UsenetSettings(BaseModel):
    """Everything the queue needs to know that is not per job.

    Unknown keys are ignored rather than refused: the section is shared with whatever else
    (the web UI) keeps usenet-specific settings there.
    """

    model_config = ConfigDict(extra="ignore")

    servers: list[ServerConfig] = Field(default_factory=list)
    categories: list[CategoryConfig] = Field(
        default_factory=lambda: [CategoryConfig(name=n, dir=n) for n in DEFAULT_CATEGORIES]
    )
    max_active_jobs: int = Field(
        1, ge=1, le=16, description="Jobs downloading at the same time (SABnzbd: one)."
    )
    default_pp: int = Field(3, ge=0, le=3, description="0 none, 1 repair, 2 unpack, 3 delete.")
    always_verify: bool = False
    commit_interval_s: float = Field(
        5.0,
        gt=0,
        le=600,
        description="Seconds between making download progress durable: after a crash or "
        "power loss at most this much is fetched again. Shorter costs write-back during "
        "the download.",
    )
    min_free_space_mb: int = Field(
        100,
        ge=0,
        description="Pause downloading when the incomplete folder's disk has less free space; "
        "0 turns the guard off (SABnzbd's download_free).",
    )
    bandwidth_max_kbps: int = Field(
        0, ge=0, description="What a percentage speed limit refers to (SABnzbd bandwidth_max)."
    )
    speed_limit_kbps: int = Field(0, ge=0, description="Initial speed limit; 0 means none.")
    duplicates: Literal["allow", "refuse", "fail"] = Field(
        "allow",
        description="An NZB already in the queue or history (same content or same name): "
        "add it anyway, refuse it, or file it in history as Failed (SABnzbd no_dupes).",
    )
    history_retention_option: RetentionOption = Field(
        "all",
        description="What happens to completed jobs in history (SABnzbd's option of the same "
        "name): keep all; keep the newest history_retention_number (number-*) or those "
        "of the last history_retention_number days (days-*), archiving (hiding) or "
        "deleting the rest; or archive/delete each as soon as it completes (all-*). "
        "Failed jobs always stay. Also settable through mode=set_config&section=misc.",
    )
    history_retention_number: int = Field(
        1, ge=1, description="Jobs (number-*) or days (days-*) history_retention_option keeps."
    )
    max_nzb_bytes: int = Field(64 * 1024 * 1024, ge=1024)
    url_timeout_s: float = Field(30.0, gt=0, le=600)
    local_roots: list[Path] = Field(
        default_factory=list,
        description="Folders addlocalfile may read from, besides the downloads folder and "
        "the watched folder.",
    )
    watch_dir: Path | None = Field(None, description="Folder scanned for .nzb files.")
    watch_interval_s: float = Field(5.0, gt=0)
    allow_private_urls: bool = Field(
        True,
        description="Let addurl fetch from loopback and private addresses (an indexer on "
        "the same host or LAN is normal for this stack).",
    )

    @field_validator("categories", mode="before")
    @classmethod
    def _names_are_enough(cls, value: Any) -> Any:
        """``categories: [tv, movies]`` is the short form: folder = name."""
        if isinstance(value, list):
            return [{"name": v, "dir": v} if isinstance(v, str) else v for v in value]
        return value


def usenet_settings(settings: Settings) -> UsenetSettings:
    return UsenetSettings.model_validate(settings.service or {})
