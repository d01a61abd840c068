"""Typed settings of the torrent engine.

One pydantic model holds everything the session needs: network binding and discovery
switches, encryption, rate limits, queueing, share limits and where things are stored. The
service's config layer fills it (environment overrides included); the engine turns it into
a libtorrent ``settings_pack`` in :mod:`.session_settings` and never reads anything else.

Units follow qBittorrent: rates in bytes per second (0 = unlimited), seeding time in
minutes, ratios as floats. ``None`` means "no limit" for share limits.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from enum import IntEnum, StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, IPvAnyAddress, field_validator

_INTERFACE_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class EncryptionMode(StrEnum):
    """Peer-connection encryption, with qBittorrent's numeric preference values."""

    PREFER = "prefer"  # qBittorrent 0: encrypt when the peer can, accept plaintext
    REQUIRE = "require"  # qBittorrent 1: refuse plaintext peers
    DISABLE = "disable"  # qBittorrent 2: never encrypt

    @property
    def qbt_value(self) -> int:
        return {"prefer": 0, "require": 1, "disable": 2}[self.value]


class ContentLayout(StrEnum):
    """qBittorrent's ``contentLayout``: keep the torrent's layout, force or strip a root folder."""

    ORIGINAL = "Original"
    SUBFOLDER = "Subfolder"
    NO_SUBFOLDER = "NoSubfolder"


class ShareLimitAction(StrEnum):
    """What happens when a seeding torrent reaches its ratio or seeding-time limit.

    The values are qBittorrent's ``max_ratio_act`` numbers' meanings (0 pause, 1 remove,
    3 remove with files); super-seeding (2) is not offered.
    """

    PAUSE = "pause"
    REMOVE = "remove"
    REMOVE_WITH_FILES = "remove_with_files"

    @property
    def qbt_value(self) -> int:
        return {"pause": 0, "remove": 1, "remove_with_files": 3}[self.value]


class SchedulerDays(IntEnum):
    """qBittorrent's ``scheduler_days``: when the alternative-limits window applies."""

    EVERY_DAY = 0
    WEEKDAYS = 1
    WEEKENDS = 2
    MONDAY = 3
    TUESDAY = 4
    WEDNESDAY = 5
    THURSDAY = 6
    FRIDAY = 7
    SATURDAY = 8
    SUNDAY = 9


class TorrentEngineSettings(BaseModel):
    """Everything the engine is configured with; immutable once built."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- storage -------------------------------------------------------------------------
    save_path: Path = Field(
        default=Path("/downloads/torrents"),
        description="Default save path; a category without its own path saves to "
        "<save_path>/<category>.",
    )
    incomplete_path: Path | None = Field(
        default=None,
        description="Where unfinished downloads live; moved to the save path on completion.",
    )
    config_dir: Path = Field(
        default=Path("/config/qbittorrent"),
        description="Holds categories.json, tags.json and the resume folder.",
    )
    resume_dir_override: Path | None = Field(
        default=None, description="Resume folder; default <config_dir>/BT_backup."
    )

    # --- network -------------------------------------------------------------------------
    listen_interface: str = Field(
        default="0.0.0.0",  # noqa: S104 - a torrent client must be reachable by peers
        description="IP address or network interface name to listen on and bind outgoing "
        "connections to ('0.0.0.0' = all IPv4, '::' = all IPv6).",
    )
    listen_port: int = Field(default=6881, ge=0, le=65535, description="0 = ephemeral")
    outgoing_interface: str | None = Field(
        default=None, description="Interface name or IP for outgoing peer connections."
    )
    enable_dht: bool = True
    enable_pex: bool = True
    enable_lsd: bool = True
    enable_upnp: bool = True
    enable_natpmp: bool = True
    enable_incoming_utp: bool = True
    enable_outgoing_utp: bool = Field(
        default=False,
        description="Off by default: libtorrent tries uTP first for outgoing connections "
        "when this is on and only falls back to TCP after a timeout, which shows as a "
        "multi-second stall at start.",
    )
    encryption: EncryptionMode = EncryptionMode.PREFER
    anonymous_mode: bool = False
    user_agent: str = "mediastack"

    # --- limits --------------------------------------------------------------------------
    download_rate_limit: int = Field(default=0, ge=0, description="bytes/s, 0 = unlimited")
    limit_lan_peers: bool = Field(
        default=True, description="Apply the global rate limits to LAN and loopback peers too."
    )
    upload_rate_limit: int = Field(default=0, ge=0, description="bytes/s, 0 = unlimited")
    alt_download_rate_limit: int = Field(
        default=10240, ge=0, description="alternative ('turtle') limit, bytes/s, 0 = unlimited"
    )
    alt_upload_rate_limit: int = Field(
        default=10240, ge=0, description="alternative ('turtle') limit, bytes/s, 0 = unlimited"
    )
    alt_speed_enabled: bool = Field(
        default=False, description="the alternative limits apply instead of the global ones"
    )
    scheduler_enabled: bool = Field(
        default=False,
        description="switch to the alternative limits inside the schedule window and back "
        "outside it",
    )
    schedule_from: time = Field(default=time(8, 0), description="window start (local time)")
    schedule_to: time = Field(
        default=time(20, 0), description="window end; before the start = over midnight"
    )
    scheduler_days: SchedulerDays = SchedulerDays.EVERY_DAY
    max_connections: int = Field(default=500, ge=-1, description="-1 = unlimited")
    max_connections_per_torrent: int = Field(default=100, ge=-1)
    max_uploads: int = Field(default=20, ge=-1)
    max_uploads_per_torrent: int = Field(default=4, ge=-1)
    allow_multiple_connections_per_ip: bool = Field(
        default=False,
        description="Accept several peers from one IP address (peers behind one NAT, or "
        "several clients on one host); qBittorrent's enable_multi_connections_from_same_ip.",
    )
    banned_ips: tuple[IPvAnyAddress, ...] = Field(
        default=(),
        description="Peer addresses never connected to nor accepted (libtorrent's IP "
        "filter); transfer/banPeers adds to it, qBittorrent's banned_IPs.",
    )

    # --- queueing ------------------------------------------------------------------------
    queueing_enabled: bool = True
    max_active_downloads: int = Field(default=3, ge=-1)
    max_active_uploads: int = Field(default=3, ge=-1)
    max_active_torrents: int = Field(default=5, ge=-1)
    dont_count_slow_torrents: bool = False

    # --- share limits (global) ------------------------------------------------------------
    max_ratio: float | None = Field(default=None, ge=0, description="None = no ratio limit")
    max_seeding_time: int | None = Field(
        default=None, ge=0, description="minutes; None = no seeding-time limit"
    )
    share_limit_action: ShareLimitAction = ShareLimitAction.PAUSE

    # --- adding --------------------------------------------------------------------------
    add_paused: bool = False
    content_layout: ContentLayout = ContentLayout.ORIGINAL

    # --- housekeeping --------------------------------------------------------------------
    resume_save_interval: float = Field(
        default=60.0, gt=0, description="seconds between periodic resume-data saves"
    )
    share_limit_interval: float = Field(
        default=5.0, gt=0, description="seconds between share-limit checks"
    )
    status_interval: float = Field(
        default=0.5,
        gt=0,
        description="seconds between torrent status refreshes (only changed torrents are "
        "reported, so this is cheap)",
    )
    stop_timeout: float = Field(
        default=10.0, gt=0, description="seconds stop() waits for resume data to be saved"
    )
    alert_queue_size: int = Field(default=10_000, ge=1000)
    heap_trim_interval: float = Field(
        default=5.0,
        gt=0,
        description="seconds between returns of freed heap memory to the system while "
        "payload moves (and once after it stops)",
    )

    @field_validator("listen_interface", "outgoing_interface")
    @classmethod
    def _check_interface(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ipaddress.ip_address(value)
        except ValueError:
            if not _INTERFACE_NAME.fullmatch(value):
                raise ValueError(f"not an IP address or interface name: {value!r}") from None
        return value

    @property
    def effective_rate_limits(self) -> tuple[int, int]:
        """(download, upload) bytes/s in force: the alternative pair when it is switched on."""
        if self.alt_speed_enabled:
            return self.alt_download_rate_limit, self.alt_upload_rate_limit
        return self.download_rate_limit, self.upload_rate_limit

    @property
    def resume_dir(self) -> Path:
        """Folder of ``torrents.db`` (every torrent's record, metainfo and resume data)."""
        return self.resume_dir_override or self.config_dir / "BT_backup"

    @property
    def categories_file(self) -> Path:
        return self.config_dir / "categories.json"

    @property
    def tags_file(self) -> Path:
        return self.config_dir / "tags.json"
