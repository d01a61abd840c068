"""The settings each download-client implementation takes, in the originals' field terms.

Clients such as Prowlarr and the config-sync tools read and write these by field name, so
names, order and types follow the originals' QBittorrentSettings / SabnzbdSettings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Protocol = Literal["torrent", "usenet"]


@dataclass(frozen=True, slots=True)
class FieldDef:
    name: str
    label: str
    type: str  # textbox, number, checkbox, password, select
    default: Any
    privacy: str = "normal"  # normal, password, apiKey, userName
    advanced: bool = False


@dataclass(frozen=True, slots=True)
class ClientDef:
    implementation: str
    implementation_name: str
    config_contract: str
    protocol: Protocol
    info_link: str
    fields: tuple[FieldDef, ...]


def _common() -> tuple[FieldDef, ...]:
    return (
        FieldDef("host", "Host", "textbox", "localhost"),
        FieldDef("port", "Port", "number", 8080),
        FieldDef("useSsl", "Use SSL", "checkbox", False),
        FieldDef("urlBase", "URL Base", "textbox", "", advanced=True),
    )


#: Each original's default category per client, keyed by its category field: Sonarr
#: (``tv-sonarr`` / ``tv``), Radarr (``radarr`` / ``movies``), Lidarr (``lidarr`` / ``music``).
#: A client added from the schema without touching the field lands in that category, as
#: with the original, instead of mixing its downloads into the client's uncategorised ones.
DEFAULT_CATEGORIES: dict[str, dict[str, str]] = {
    "tvCategory": {"QBittorrent": "tv-sonarr", "Sabnzbd": "tv"},
    "movieCategory": {"QBittorrent": "radarr", "Sabnzbd": "movies"},
    "musicCategory": {"QBittorrent": "lidarr", "Sabnzbd": "music"},
}


def client_definitions(category_field: str) -> dict[str, ClientDef]:
    """Definitions for one manager; the category field name and defaults are its own."""
    defaults = DEFAULT_CATEGORIES.get(category_field, {})
    qbittorrent = ClientDef(
        implementation="QBittorrent",
        implementation_name="qBittorrent",
        config_contract="QBittorrentSettings",
        protocol="torrent",
        info_link="https://wiki.servarr.com/sonarr/supported#qbittorrent",
        fields=(
            *_common(),
            FieldDef("username", "Username", "textbox", "", privacy="userName"),
            FieldDef("password", "Password", "password", "", privacy="password"),
            FieldDef(category_field, "Category", "textbox", defaults.get("QBittorrent", "")),
            FieldDef("recentPriority", "Recent Priority", "select", 0),
            FieldDef("olderPriority", "Older Priority", "select", 0),
            FieldDef("initialState", "Initial State", "select", 0),
            FieldDef("sequentialOrder", "Sequential Order", "checkbox", False),
            FieldDef("firstAndLast", "First and Last First", "checkbox", False),
            FieldDef("contentLayout", "Content Layout", "select", 0),
        ),
    )
    sabnzbd = ClientDef(
        implementation="Sabnzbd",
        implementation_name="SABnzbd",
        config_contract="SabnzbdSettings",
        protocol="usenet",
        info_link="https://wiki.servarr.com/sonarr/supported#sabnzbd",
        fields=(
            *_common(),
            FieldDef("apiKey", "API Key", "textbox", "", privacy="apiKey"),
            FieldDef("username", "Username", "textbox", "", privacy="userName"),
            FieldDef("password", "Password", "password", "", privacy="password"),
            FieldDef(category_field, "Category", "textbox", defaults.get("Sabnzbd", "")),
            FieldDef("recentPriority", "Recent Priority", "select", -100),
            FieldDef("olderPriority", "Older Priority", "select", -100),
        ),
    )
    return {d.implementation: d for d in (qbittorrent, sabnzbd)}
