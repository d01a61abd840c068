"""The indexer schema in the originals' field names, and fields <-> settings."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from pydantic import ValidationError

from mediastack.manager.indexers.definitions import (
    create_client,
    fields_from_settings,
    indexer_definitions,
    settings_from_fields,
)
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.seeders import filter_minimum_seeders, minimum_seeders_rejection
from mediastack.manager.indexers.torznab.client import TorznabClient
from mediastack.manager.indexers.torznab.settings import TorznabSettings

PROWLARR_FIELDS = {
    "baseUrl",
    "apiPath",
    "apiKey",
    "categories",
    "additionalParameters",
}
PROWLARR_TORZNAB_FIELDS = PROWLARR_FIELDS | {
    "minimumSeeders",
    "seedCriteria.seedRatio",
    "seedCriteria.seedTime",
    "rejectBlocklistedTorrentHashesWhileGrabbing",
}


@pytest.mark.parametrize(
    ("flavour", "newznab_extra", "torznab_extra"),
    [
        (
            "sonarr",
            {"animeCategories", "animeStandardFormatSearch"},
            {"seedCriteria.seasonPackSeedTime"},
        ),
        ("radarr", {"multiLanguages", "removeYear"}, {"requiredFlags"}),
        ("lidarr", {"earlyReleaseLimit"}, {"seedCriteria.discographySeedTime"}),
    ],
)
def test_schema_field_names_per_flavour(
    flavour: str, newznab_extra: set[str], torznab_extra: set[str]
) -> None:
    definitions = indexer_definitions(flavour)  # type: ignore[arg-type]
    assert set(definitions) == {"Newznab", "Torznab"}
    newznab = {f.name for f in definitions["Newznab"].fields}
    torznab = {f.name for f in definitions["Torznab"].fields}
    assert newznab == PROWLARR_FIELDS | newznab_extra
    assert torznab == PROWLARR_TORZNAB_FIELDS | newznab_extra | torznab_extra
    assert definitions["Torznab"].protocol == "torrent"
    assert definitions["Newznab"].config_contract == "NewznabSettings"
    key = definitions["Newznab"].field("apiKey")
    assert key is not None and key.privacy == "apiKey"


def test_prowlarr_style_fields_round_trip() -> None:
    torznab = indexer_definitions("sonarr")["Torznab"]
    pushed = {
        "baseUrl": "http://prowlarr:9696/5/",
        "apiPath": "/api",
        "apiKey": "secret",
        "categories": [5030, 5040],
        "animeCategories": [5070],
        "minimumSeeders": 3,
        "seedCriteria.seedRatio": "1.5",
        "seedCriteria.seedTime": None,
        "seedCriteria.seasonPackSeedTime": 120,
        "rejectBlocklistedTorrentHashesWhileGrabbing": True,
        "removeYear": True,  # a Radarr field: ignored by a Sonarr definition
    }
    settings = settings_from_fields(torznab, pushed)
    assert isinstance(settings, TorznabSettings)
    assert settings.api_url == "http://prowlarr:9696/5/api"
    assert settings.seed_criteria.seed_ratio == 1.5
    assert settings.seed_criteria.season_pack_seed_time == 120
    assert settings.minimum_seeders == 3
    assert not settings.remove_year
    back = fields_from_settings(torznab, settings)
    assert back["apiKey"] == "secret"
    assert back["seedCriteria.seedRatio"] == 1.5
    assert back["categories"] == [5030, 5040]
    assert back["baseUrl"] == "http://prowlarr:9696/5"
    assert set(back) == {f.name for f in torznab.fields}


def test_defaults_and_validation() -> None:
    newznab = indexer_definitions("radarr")["Newznab"]
    settings = settings_from_fields(newznab, {"baseUrl": "https://indexer.example"})
    assert settings.categories[0] == 2000
    assert settings.api_path == "/api"
    with pytest.raises(ValidationError):
        settings_from_fields(newznab, {"baseUrl": "ftp://nope"})
    assert settings.model_copy(
        update={"additional_parameters": "&dl=1&attrs=poster"}
    ).extra_params() == [
        ("dl", "1"),
        ("attrs", "poster"),
    ]


async def test_create_client_picks_the_provider() -> None:
    torznab = indexer_definitions("sonarr")["Torznab"]
    async with httpx.AsyncClient() as http:
        client = create_client(
            torznab, settings_from_fields(torznab, {"baseUrl": "http://x"}), name="t", http=http
        )
    assert isinstance(client, TorznabClient)


def _release(protocol: str, seeders: int | None) -> ReleaseInfo:
    return ReleaseInfo(
        guid="g",
        title="t",
        download_url="u",
        publish_date=datetime(2024, 1, 1, tzinfo=UTC),
        protocol=protocol,  # type: ignore[arg-type]
        indexer="i",
        seeders=seeders,
    )


def test_minimum_seeders() -> None:
    assert minimum_seeders_rejection(_release("torrent", 0), 1) == (
        "Not enough seeders: 0. Minimum seeders: 1"
    )
    assert minimum_seeders_rejection(_release("torrent", 1), 1) is None
    assert minimum_seeders_rejection(_release("torrent", None), 5) is None  # unknown passes
    assert minimum_seeders_rejection(_release("usenet", 0), 5) is None
    kept = filter_minimum_seeders([_release("torrent", 2), _release("torrent", 9)], 3)
    assert [r.seeders for r in kept] == [9]
