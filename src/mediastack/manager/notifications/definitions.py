"""The settings each notification implementation takes, in the originals' field terms.

Names, order, types and defaults follow Sonarr's ``*Settings`` classes, because the UI and
config tools round-trip them by name. ``supported`` lists the ``on*`` flags an
implementation actually acts on (the originals' ``supportsOn*``): a flag it does not
support is stored as false whatever a client sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mediastack.manager.download_clients.definitions import FieldDef

#: The events a notification can subscribe to: resource key -> store column.
EVENT_FLAGS: dict[str, str] = {
    "onGrab": "on_grab",
    "onDownload": "on_download",
    "onUpgrade": "on_upgrade",
    "onImportComplete": "on_import_complete",
    "onRename": "on_rename",
    "onSeriesAdd": "on_series_add",
    "onSeriesDelete": "on_series_delete",
    "onEpisodeFileDelete": "on_episode_file_delete",
    "onEpisodeFileDeleteForUpgrade": "on_episode_file_delete_for_upgrade",
    "onHealthIssue": "on_health_issue",
    "onHealthRestored": "on_health_restored",
    "onApplicationUpdate": "on_application_update",
    "onManualInteractionRequired": "on_manual_interaction_required",
}

#: Each original's names for the subscriptions (resource key -> store column), and the
#: columns its events can fire. A key with no column (Lidarr's ``onTrackRetag``...) is
#: answered false and unsupported, so a client's round trip keeps the original's shape.
APP_EVENT_FLAGS: dict[str, dict[str, str | None]] = {
    "sonarr": dict(EVENT_FLAGS),
    "radarr": {
        "onGrab": "on_grab",
        "onDownload": "on_download",
        "onUpgrade": "on_upgrade",
        "onRename": "on_rename",
        "onMovieAdded": "on_series_add",
        "onMovieDelete": "on_series_delete",
        "onMovieFileDelete": "on_episode_file_delete",
        "onMovieFileDeleteForUpgrade": "on_episode_file_delete_for_upgrade",
        "onHealthIssue": "on_health_issue",
        "onHealthRestored": "on_health_restored",
        "onApplicationUpdate": "on_application_update",
        "onManualInteractionRequired": "on_manual_interaction_required",
    },
    "lidarr": {
        "onGrab": "on_grab",
        "onReleaseImport": "on_download",
        "onUpgrade": "on_upgrade",
        "onRename": "on_rename",
        "onArtistAdd": "on_series_add",
        "onArtistDelete": "on_series_delete",
        "onAlbumDelete": None,
        "onHealthIssue": "on_health_issue",
        "onHealthRestored": "on_health_restored",
        "onDownloadFailure": None,
        "onImportFailure": None,
        "onTrackRetag": None,
        "onApplicationUpdate": "on_application_update",
    },
}
#: the store column's flag in ``EVENT_FLAGS`` (the terms ``supported`` is written in)
_FLAG_OF_COLUMN = {column: flag for flag, column in EVENT_FLAGS.items()}
_HEALTH = ("on_health_issue", "on_health_restored")
APP_EVENTS: dict[str, frozenset[str]] = {
    "sonarr": frozenset(EVENT_FLAGS.values()),
    "radarr": frozenset(
        ("on_grab", "on_download", "on_upgrade", "on_manual_interaction_required", *_HEALTH)
    ),
    "lidarr": frozenset(("on_grab", "on_download", "on_upgrade", *_HEALTH)),
}


class EventType(StrEnum):
    """``eventType`` as the originals write it (PascalCase, unlike their other enums)."""

    TEST = "Test"
    GRAB = "Grab"
    DOWNLOAD = "Download"
    RENAME = "Rename"
    SERIES_ADD = "SeriesAdd"
    SERIES_DELETE = "SeriesDelete"
    EPISODE_FILE_DELETE = "EpisodeFileDelete"
    HEALTH = "Health"
    HEALTH_RESTORED = "HealthRestored"
    MANUAL_INTERACTION_REQUIRED = "ManualInteractionRequired"
    #: a whole download imported; its own subscription, but the webhook's ``eventType``
    #: says ``Download`` as Sonarr's does (receivers tell it by ``episodeFiles``)
    IMPORT_COMPLETE = "ImportComplete"

    @property
    def wire_name(self) -> str:
        """``eventType`` as the originals send it."""
        return "Download" if self is EventType.IMPORT_COMPLETE else self.value


#: The store column that subscribes to each event ("Test" goes to one target only).
EVENT_SUBSCRIPTION: dict[EventType, str] = {
    EventType.GRAB: "on_grab",
    EventType.DOWNLOAD: "on_download",
    EventType.RENAME: "on_rename",
    EventType.SERIES_ADD: "on_series_add",
    EventType.SERIES_DELETE: "on_series_delete",
    EventType.EPISODE_FILE_DELETE: "on_episode_file_delete",
    EventType.HEALTH: "on_health_issue",
    EventType.HEALTH_RESTORED: "on_health_restored",
    EventType.MANUAL_INTERACTION_REQUIRED: "on_manual_interaction_required",
    EventType.IMPORT_COMPLETE: "on_import_complete",
}

METHOD_POST = 1
METHOD_PUT = 2


@dataclass(frozen=True, slots=True)
class NotificationDef:
    implementation: str
    implementation_name: str
    config_contract: str
    link: str  # the product's home page (the resource's ``link``)
    fields: tuple[FieldDef, ...]
    supported: frozenset[str]  # the EVENT_FLAGS keys the implementation acts on

    def supports(self, app: str, column: str | None) -> bool:
        """Whether this implementation acts on the event behind ``column`` in ``app``."""
        return column in APP_EVENTS[app] and _FLAG_OF_COLUMN.get(column or "") in self.supported

    def info_link(self, app: str) -> str:
        return f"https://wiki.servarr.com/{app}/supported#{self.implementation.lower()}"


def _flags(*keys: str) -> frozenset[str]:
    unknown = set(keys) - set(EVENT_FLAGS)
    assert not unknown, unknown
    return frozenset(keys)


#: What our events cover; ApplicationUpdate is never sent, so no implementation claims it.
#: ImportComplete and ManualInteractionRequired come from completed downloads (Sonarr
#: sends them; the Webhook carries both).
_LIBRARY_EVENTS = (
    "onDownload",
    "onUpgrade",
    "onRename",
    "onSeriesAdd",
    "onSeriesDelete",
    "onEpisodeFileDelete",
    "onEpisodeFileDeleteForUpgrade",
)

WEBHOOK = NotificationDef(
    implementation="Webhook",
    implementation_name="Webhook",
    config_contract="WebhookSettings",
    link="https://wiki.servarr.com/sonarr/settings#connections",
    fields=(
        FieldDef("url", "Webhook URL", "url", ""),
        FieldDef("method", "Method", "select", METHOD_POST),
        FieldDef("username", "Username", "textbox", "", privacy="userName"),
        FieldDef("password", "Password", "password", "", privacy="password"),
        FieldDef("headers", "Headers", "keyValueList", [], advanced=True),
    ),
    supported=_flags(
        "onGrab",
        *_LIBRARY_EVENTS,
        "onImportComplete",
        "onHealthIssue",
        "onHealthRestored",
        "onManualInteractionRequired",
    ),
)

_MAP_PATHS = (
    FieldDef("mapFrom", "Map Paths From", "textbox", "", advanced=True),
    FieldDef("mapTo", "Map Paths To", "textbox", "", advanced=True),
)

MEDIA_BROWSER = NotificationDef(
    implementation="MediaBrowser",
    implementation_name="Emby / Jellyfin",
    config_contract="MediaBrowserSettings",
    link="https://emby.media/",
    fields=(
        FieldDef("host", "Host", "textbox", ""),
        FieldDef("port", "Port", "textbox", 8096),
        FieldDef("useSsl", "Use SSL", "checkbox", False),
        FieldDef("urlBase", "URL Base", "textbox", "", advanced=True),
        FieldDef("apiKey", "API Key", "textbox", "", privacy="apiKey"),
        FieldDef("notify", "Send Notifications", "checkbox", False),
        FieldDef("updateLibrary", "Update Library", "checkbox", True),
        *_MAP_PATHS,
    ),
    supported=_flags("onGrab", *_LIBRARY_EVENTS, "onHealthIssue", "onHealthRestored"),
)

PLEX_SERVER = NotificationDef(
    implementation="PlexServer",
    implementation_name="Plex Media Server",
    config_contract="PlexServerSettings",
    link="https://www.plex.tv/",
    fields=(
        FieldDef("server", "Server", "select", None),
        FieldDef("host", "Host", "textbox", ""),
        FieldDef("port", "Port", "number", 32400),
        FieldDef("useSsl", "Use SSL", "checkbox", False),
        FieldDef("urlBase", "URL Base", "textbox", "", advanced=True),
        FieldDef("authToken", "Auth Token", "textbox", "", privacy="apiKey", advanced=True),
        FieldDef("signIn", "Authenticate with Plex.tv", "oAuth", "startOAuth"),
        FieldDef("updateLibrary", "Update Library", "checkbox", True),
        *_MAP_PATHS,
    ),
    supported=_flags(*_LIBRARY_EVENTS),
)

#: Apprise's ``type`` values, by the ``notificationType`` select's index.
APPRISE_TYPES = ("info", "success", "warning", "failure")

APPRISE = NotificationDef(
    implementation="Apprise",
    implementation_name="Apprise",
    config_contract="AppriseSettings",
    link="https://github.com/caronc/apprise",
    fields=(
        FieldDef("serverUrl", "Apprise Server URL", "url", ""),
        FieldDef("configurationKey", "Apprise Configuration Key", "textbox", ""),
        FieldDef("statelessUrls", "Apprise Stateless URLs", "textbox", ""),
        FieldDef("notificationType", "Apprise Notification Type", "select", 0),
        FieldDef("tags", "Apprise Tags", "tag", []),
        FieldDef("includePoster", "Include Poster", "checkbox", False),
        FieldDef("authUsername", "Username", "textbox", "", privacy="userName"),
        FieldDef("authPassword", "Password", "password", "", privacy="password"),
    ),
    supported=_flags(
        "onGrab",
        "onDownload",
        "onUpgrade",
        "onSeriesAdd",
        "onSeriesDelete",
        "onEpisodeFileDelete",
        "onEpisodeFileDeleteForUpgrade",
        "onHealthIssue",
        "onHealthRestored",
        "onManualInteractionRequired",
    ),
)


def notification_definitions() -> dict[str, NotificationDef]:
    return {d.implementation: d for d in (WEBHOOK, MEDIA_BROWSER, PLEX_SERVER, APPRISE)}
