"""The ``indexer`` API resource's schema for Newznab and Torznab, in the originals' terms.

Prowlarr pushes its indexers into every manager through ``/api/v3/indexer`` (``/api/v1`` for
Lidarr) by copying field names out of ``indexer/schema``: ``baseUrl``, ``apiPath``,
``apiKey``, ``categories``, ``minimumSeeders``, ``seedCriteria.*``... and each manager has
a few fields of its own (Sonarr anime categories, Radarr languages/flags, Lidarr early
release limit). A field missing from the schema is silently not synced, so the names, and
which flavour has which, follow the originals exactly.

This module also converts between that flat ``{name: value}`` shape and our typed settings,
and builds the wire client for a definition, so the API layer stays a thin adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from mediastack.manager.download_clients.definitions import FieldDef
from mediastack.manager.indexers.models import DownloadProtocol
from mediastack.manager.indexers.newznab.client import DEFAULT_MIN_INTERVAL, NewznabClient
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.status import IndexerGate
from mediastack.manager.indexers.torznab.client import TorznabClient
from mediastack.manager.indexers.torznab.settings import MINIMUM_SEEDERS, TorznabSettings

__all__ = [
    "DEFAULT_CATEGORIES",
    "Flavour",
    "IndexerDef",
    "create_client",
    "fields_from_settings",
    "indexer_definitions",
    "settings_from_fields",
]

Flavour = Literal["sonarr", "radarr", "lidarr"]

# The originals' default category selections for a new indexer.
DEFAULT_CATEGORIES: dict[Flavour, tuple[int, ...]] = {
    "sonarr": (5030, 5040),
    "radarr": (2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080),
    "lidarr": (3000, 3010, 3020, 3030, 3040),
}

# API field name -> attribute path on the settings model.
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "baseUrl": ("base_url",),
    "apiPath": ("api_path",),
    "apiKey": ("api_key",),
    "categories": ("categories",),
    "animeCategories": ("anime_categories",),
    "animeStandardFormatSearch": ("anime_standard_format_search",),
    "additionalParameters": ("additional_parameters",),
    "multiLanguages": ("multi_languages",),
    "removeYear": ("remove_year",),
    "requiredFlags": ("required_flags",),
    "earlyReleaseLimit": ("early_release_limit",),
    "minimumSeeders": ("minimum_seeders",),
    "seedCriteria.seedRatio": ("seed_criteria", "seed_ratio"),
    "seedCriteria.seedTime": ("seed_criteria", "seed_time"),
    "seedCriteria.seasonPackSeedTime": ("seed_criteria", "season_pack_seed_time"),
    "seedCriteria.discographySeedTime": ("seed_criteria", "discography_seed_time"),
    "rejectBlocklistedTorrentHashesWhileGrabbing": (
        "reject_blocklisted_torrent_hashes_while_grabbing",
    ),
}


@dataclass(frozen=True, slots=True)
class IndexerDef:
    implementation: str  # "Newznab" | "Torznab": how Prowlarr recognises its indexers
    implementation_name: str
    config_contract: str
    protocol: DownloadProtocol
    info_link: str
    fields: tuple[FieldDef, ...]
    supports_rss: bool = True
    supports_search: bool = True

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)


def _newznab_fields(flavour: Flavour) -> list[FieldDef]:
    fields = [
        FieldDef("baseUrl", "URL", "textbox", ""),
        FieldDef("apiPath", "API Path", "textbox", "/api", advanced=True),
        FieldDef("apiKey", "API Key", "textbox", "", privacy="apiKey"),
        FieldDef("categories", "Categories", "select", list(DEFAULT_CATEGORIES[flavour])),
    ]
    if flavour == "sonarr":
        fields += [
            FieldDef("animeCategories", "Anime Categories", "select", []),
            FieldDef(
                "animeStandardFormatSearch", "Anime Standard Format Search", "checkbox", False
            ),
        ]
    if flavour == "radarr":
        fields.append(FieldDef("multiLanguages", "Multi Languages", "select", []))
    if flavour == "lidarr":
        fields.append(
            FieldDef("earlyReleaseLimit", "Early Download Limit", "number", None, advanced=True)
        )
    fields.append(
        FieldDef("additionalParameters", "Additional Parameters", "textbox", "", advanced=True)
    )
    if flavour == "radarr":
        fields.append(FieldDef("removeYear", "Remove year from search string", "checkbox", False))
    return fields


def _torznab_fields(flavour: Flavour) -> list[FieldDef]:
    fields = _newznab_fields(flavour)
    fields += [
        FieldDef("minimumSeeders", "Minimum Seeders", "number", MINIMUM_SEEDERS, advanced=True),
        FieldDef("seedCriteria.seedRatio", "Seed Ratio", "textbox", None),
        FieldDef("seedCriteria.seedTime", "Seed Time", "number", None, advanced=True),
    ]
    if flavour == "sonarr":
        fields.append(
            FieldDef(
                "seedCriteria.seasonPackSeedTime",
                "Season-Pack Seed Time",
                "number",
                None,
                advanced=True,
            )
        )
    if flavour == "lidarr":
        fields.append(
            FieldDef(
                "seedCriteria.discographySeedTime",
                "Discography Seed Time",
                "number",
                None,
                advanced=True,
            )
        )
    if flavour == "radarr":
        fields.append(FieldDef("requiredFlags", "Required Flags", "select", [], advanced=True))
    fields.append(
        FieldDef(
            "rejectBlocklistedTorrentHashesWhileGrabbing",
            "Reject Blocklisted Torrent Hashes While Grabbing",
            "checkbox",
            False,
            advanced=True,
        )
    )
    return fields


def indexer_definitions(flavour: Flavour) -> dict[str, IndexerDef]:
    """The ``indexer/schema`` entries of one manager flavour, by implementation."""
    wiki = f"https://wiki.servarr.com/{flavour}/supported"
    newznab = IndexerDef(
        implementation="Newznab",
        implementation_name="Newznab",
        config_contract="NewznabSettings",
        protocol="usenet",
        info_link=f"{wiki}#newznab",
        fields=tuple(_newznab_fields(flavour)),
    )
    torznab = IndexerDef(
        implementation="Torznab",
        implementation_name="Torznab",
        config_contract="TorznabSettings",
        protocol="torrent",
        info_link=f"{wiki}#torznab",
        fields=tuple(_torznab_fields(flavour)),
    )
    return {d.implementation: d for d in (newznab, torznab)}


def settings_from_fields(
    definition: IndexerDef, values: Mapping[str, Any]
) -> NewznabSettings | TorznabSettings:
    """Typed settings from an API resource's fields (``{name: value}``).

    Fields the definition does not have are ignored (another flavour's, or a newer
    client's); missing ones take the definition's default. Raises pydantic's
    ``ValidationError`` on bad values, which the API layer turns into its error array.
    """
    known = {f.name: f for f in definition.fields}
    flat: dict[str, Any] = {}
    seed: dict[str, Any] = {}
    for name, field in known.items():
        value = values.get(name, field.default)
        if value is None and field.default is not None:
            value = field.default
        path = _ATTRIBUTES[name]
        if isinstance(value, list):
            value = tuple(value)
        if len(path) == 2:
            seed[path[1]] = value
        else:
            flat[path[0]] = value
    if definition.implementation == "Torznab":
        return TorznabSettings(**flat, seed_criteria=seed)
    return NewznabSettings(**flat)


def fields_from_settings(definition: IndexerDef, settings: NewznabSettings) -> dict[str, Any]:
    """The definition's fields with values from ``settings`` (the API key in clear text:
    the API layer decides whether to mask it, as the originals do for ``privacy=apiKey``)."""
    result: dict[str, Any] = {}
    for field in definition.fields:
        value: Any = settings
        for attribute in _ATTRIBUTES[field.name]:
            value = getattr(value, attribute, None)
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        result[field.name] = list(value) if isinstance(value, tuple) else value
    return result


def create_client(
    definition: IndexerDef,
    settings: NewznabSettings,
    *,
    name: str,
    http: httpx.AsyncClient,
    gate: IndexerGate | None = None,
    indexer_id: int | None = None,
    min_interval: float = DEFAULT_MIN_INTERVAL,
) -> NewznabClient:
    """The wire client for a stored indexer (Torznab for ``Torznab``, else Newznab)."""
    cls = TorznabClient if definition.implementation == "Torznab" else NewznabClient
    return cls(
        settings, name=name, http=http, gate=gate, indexer_id=indexer_id, min_interval=min_interval
    )
