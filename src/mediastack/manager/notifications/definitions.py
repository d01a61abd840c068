"""The settings each notification implementation takes, in the originals' field terms."""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.manager.download_clients.definitions import FieldDef

#: The events a notification can subscribe to: resource key -> store column.
EVENT_FLAGS: dict[str, str] = {
    "onGrab": "on_grab",
    "onDownload": "on_download",
    "onUpgrade": "on_upgrade",
    "onRename": "on_rename",
    "onSeriesDelete": "on_series_delete",
    "onEpisodeFileDelete": "on_episode_file_delete",
    "onHealthIssue": "on_health_issue",
}

#: ``eventType`` -> the subscription flag that selects it ("Test" goes to one target).
EVENT_SUBSCRIPTION: dict[str, str] = {
    "Grab": "on_grab",
    "Download": "on_download",
    "Rename": "on_rename",
    "SeriesDelete": "on_series_delete",
    "EpisodeFileDelete": "on_episode_file_delete",
    "Health": "on_health_issue",
}

METHOD_POST = 1
METHOD_PUT = 2


@dataclass(frozen=True, slots=True)
class NotificationDef:
    implementation: str
    implementation_name: str
    config_contract: str
    info_link: str
    fields: tuple[FieldDef, ...]
    supported: frozenset[str]  # the EVENT_FLAGS keys the implementation can send


WEBHOOK = NotificationDef(
    implementation="Webhook",
    implementation_name="Webhook",
    config_contract="WebhookSettings",
    info_link="https://wiki.servarr.com/sonarr/supported#webhook",
    fields=(
        FieldDef("url", "Webhook URL", "url", ""),
        FieldDef("method", "Method", "select", METHOD_POST),
        FieldDef("username", "Username", "textbox", "", privacy="userName"),
        FieldDef("password", "Password", "password", "", privacy="password"),
        FieldDef("headers", "Headers", "keyValueList", [], advanced=True),
    ),
    supported=frozenset(EVENT_FLAGS),
)


def notification_definitions() -> dict[str, NotificationDef]:
    return {d.implementation: d for d in (WEBHOOK,)}
