"""Typed settings shared by every role."""

from mediastack.core.config.settings import (
    AuthSettings,
    DownloadClientLink,
    Settings,
    config_dir_for,
    load_settings,
    reload_settings,
)

__all__ = [
    "AuthSettings",
    "DownloadClientLink",
    "Settings",
    "config_dir_for",
    "load_settings",
    "reload_settings",
]
