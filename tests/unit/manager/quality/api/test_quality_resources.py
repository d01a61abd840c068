"""The wire mapping of definitions, profiles, custom formats and languages, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from mediastack.manager.api.quality_resources import (
    definition_from_resource,
    definition_resource,
    format_from_resource,
    format_resource,
    format_schema,
    profile_from_resource,
    profile_resource,
    profile_schema,
    quality_resource,
)
from mediastack.manager.parser import language as parser_language
from mediastack.manager.quality import Spec
from mediastack.manager.quality.definitions import (
    AppName,
    by_name,
    catalogue,
    default_definitions,
)
from mediastack.manager.quality.format_specs import SpecRecord, regex_error, to_specification
from mediastack.manager.quality.languages import by_id, by_key, languages
from mediastack.manager.quality.layout import default_profiles, schema_items
from mediastack.manager.quality.store import (
    FormatRecord,
    ProfileRecord,
    QualityValidationError,
    validate_definition,
    validate_profile,
)
from tests.support.openapi import assert_component

APPS: list[AppName] = ["sonarr", "radarr", "lidarr"]


@pytest.mark.parametrize("app", APPS)
def test_every_quality_fits_the_originals_quality_schema(app: Any) -> None:
    for q in catalogue(app):
        assert_component(app, "Quality", quality_resource(app, q))  # enums of source/modifier


def test_quality_sources_in_each_flavour() -> None:
    names = ("WEBDL-1080p", "Raw-HD", "Bluray-2160p Remux", "WEBRip-720p")
    sonarr = {n: quality_resource("sonarr", by_name("sonarr", n))["source"] for n in names}
    assert sonarr == {
        "WEBDL-1080p": "web",
        "Raw-HD": "televisionRaw",
        "Bluray-2160p Remux": "blurayRaw",
        "WEBRip-720p": "webRip",
    }
    regional = quality_resource("radarr", by_name("radarr", "REGIONAL"))
    assert (regional["source"], regional["modifier"]) == ("dvd", "regional")
    dvdr = quality_resource("radarr", by_name("radarr", "DVD-R"))
    assert (dvdr["source"], dvdr["modifier"]) == ("dvd", "remux")
    assert quality_resource("lidarr", by_name("lidarr", "FLAC")) == {"id": 6, "name": "FLAC"}


@pytest.mark.parametrize("app", APPS)
def test_profile_round_trip_through_the_wire(app: Any) -> None:
    for number, profile in enumerate(default_profiles(app), start=1):
        profile = profile.__class__(**{**_fields(profile), "format_items": {3: 10, 1: -5}})
        record = ProfileRecord(number, profile, -2 if app == "radarr" else None)
        wire = profile_resource(app, record, {1: "One", 3: "Three"})
        assert_component(app, "QualityProfileResource", wire)
        assert [f["format"] for f in wire["formatItems"]] == [3, 1]  # order kept
        parsed, language = profile_from_resource(app, wire)
        assert parsed == profile
        assert language == record.language
        assert validate_profile(app, parsed, {1, 3}) == []


def _fields(profile: Any) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in profile.__dataclass_fields__}


def test_schema_profile_has_every_format_at_zero() -> None:
    record = profile_schema("radarr", [4, 2])
    wire = profile_resource("radarr", record, {4: "Four", 2: "Two"})
    assert wire["formatItems"] == [
        {"format": 4, "name": "Four", "score": 0},
        {"format": 2, "name": "Two", "score": 0},
    ]
    assert wire["language"] == {"id": -2, "name": "Original"} and wire["id"] == 0
    assert "language" not in profile_resource("sonarr", profile_schema("sonarr", []), {})


def test_group_members_follow_the_group_and_unknown_qualities_fail() -> None:
    wire = profile_resource("sonarr", profile_schema("sonarr", []), {})
    group = next(i for i in wire["items"] if i.get("name") == "WEB 720p")
    group["allowed"] = True  # members still say false, as some clients send them
    parsed, _ = profile_from_resource("sonarr", {**wire, "cutoff": group["id"]})
    member = next(i for i in parsed.items if i.name == "WEB 720p")
    assert all(m.allowed for m in member.items)
    assert parsed.allows(by_name("sonarr", "WEBDL-720p"))
    wire["items"][0]["quality"]["id"] = 999
    with pytest.raises(QualityValidationError) as exc:
        profile_from_resource("sonarr", wire)
    assert exc.value.errors[0][0] == "items"


def test_profile_rules() -> None:
    items = schema_items("sonarr", frozenset({"HDTV-720p"}))
    base = default_profiles("sonarr")[0]
    ok = base.__class__(**{**_fields(base), "items": items, "cutoff": 4})
    assert validate_profile("sonarr", ok, set()) == []
    wrong_cutoff = ok.__class__(**{**_fields(ok), "cutoff": 9})
    assert [e[0] for e in validate_profile("sonarr", wrong_cutoff, set())] == ["cutoff"]
    twice = ok.__class__(**{**_fields(ok), "items": (*items, items[4])})
    assert "Qualities can only be used once" in [
        e[1] for e in validate_profile("sonarr", twice, set())
    ]
    scores = ok.__class__(**{**_fields(ok), "min_upgrade_format_score": 0})
    assert validate_profile("sonarr", scores, set())[0][0] == "minUpgradeFormatScore"


def test_definitions_parse_and_validate() -> None:
    current = {d.quality.id: d for d in default_definitions("sonarr")}
    hdtv = current[4]
    wire = definition_resource("sonarr", hdtv)
    assert_component("sonarr", "QualityDefinitionResource", wire)
    assert wire["quality"]["name"] == "HDTV-720p" and wire["title"] == "HDTV-720p"
    changed = definition_from_resource(
        "sonarr", {**wire, "maxSize": None, "title": "HD TV"}, current
    )
    assert changed.max_size is None and changed.title == "HD TV" and changed.quality == hdtv.quality
    by_definition_id = definition_from_resource("sonarr", {"minSize": 1}, current, wire["id"])
    assert (
        by_definition_id.quality.id == 4 and by_definition_id.preferred_size == hdtv.preferred_size
    )
    assert validate_definition(changed) == []
    bad = changed.__class__(hdtv.quality, "x", min_size=10, preferred_size=5, max_size=4)
    assert [e[0] for e in validate_definition(bad)] == ["preferredSize", "maxSize"]
    with pytest.raises(QualityValidationError):
        definition_from_resource("sonarr", {"id": 500}, current)


def _spec(impl: str, **fields: Any) -> dict[str, Any]:
    return {
        "implementation": impl,
        "negate": False,
        "required": False,
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }


def test_formats_accept_field_lists_and_objects_alike() -> None:
    specs = [
        _spec("SizeSpecification", min=1, max=2),
        _spec("LanguageSpecification", value="2"),
    ]
    as_list = {"name": "x", "specifications": specs}
    as_object = {
        "name": "x",
        "specifications": [
            {**s, "fields": {f["name"]: f["value"] for f in s["fields"]}} for s in specs
        ],
    }
    assert format_from_resource("sonarr", as_list) == format_from_resource("sonarr", as_object)
    _, _, parsed = format_from_resource("sonarr", as_list)
    assert parsed[1].fields == {"value": 2, "exceptLanguage": False}  # "2" coerced to the id
    wire = format_resource("sonarr", FormatRecord(7, "x", False, parsed))
    assert_component("sonarr", "CustomFormatResource", wire)
    assert [f["name"] for f in wire["specifications"][0]["fields"]] == ["min", "max"]


def test_format_errors_name_the_specification() -> None:
    body = {
        "name": "x",
        "specifications": [
            _spec("SizeSpecification", min=5, max=2),
            _spec("SourceSpecification", value=42),
            _spec("EditionSpecification", value="x"),
        ],
    }
    with pytest.raises(QualityValidationError) as exc:
        format_from_resource("sonarr", body)
    assert [e[0] for e in exc.value.errors] == [
        "specifications[0].max",
        "specifications[1].value",
        "specifications[2].implementation",  # Edition is Radarr's
    ]


def test_format_schema_per_flavour() -> None:
    kinds = {app: [s["implementation"] for s in format_schema(app)] for app in APPS}
    assert "QualityModifierSpecification" in kinds["radarr"]
    assert "QualityModifierSpecification" not in kinds["sonarr"]
    assert kinds["lidarr"] == [
        "ReleaseTitleSpecification",
        "IndexerFlagSpecification",
        "SizeSpecification",
        "ReleaseGroupSpecification",
    ]
    for app in APPS:
        assert_component(app, "CustomFormatSpecificationSchema", format_schema(app), many=True)


def test_dotnet_patterns() -> None:
    assert regex_error(r"(?<name>x)\k<name>") is None
    assert regex_error(r"\bx\b(?i)") is None and regex_error(r"\p{L}+") is None
    assert regex_error(r"(?<name>FLUX)") is None
    assert regex_error(r"(?<=^|[ .])HDR") is None  # variable-width look-behind is .NET-valid
    assert regex_error(r"(?<!^)\bextended\b") is None
    assert regex_error("(unclosed") is not None


def test_specifications_become_the_matchers_words() -> None:
    def spec(app: Any, impl: str, negate: bool = False, **fields: Any) -> Any:
        return to_specification(app, SpecRecord("", impl, negate, False, fields))

    assert spec("sonarr", "SourceSpecification", value=3).value == "webdl"
    assert spec("radarr", "SourceSpecification", value=9).value == "bluray"
    assert spec("radarr", "IndexerFlagSpecification", value=1).value == "freeleech"
    assert spec("radarr", "QualityModifierSpecification", value=5).value == "remux"
    assert spec("sonarr", "LanguageSpecification", value=26).value == "arabic"
    assert spec("radarr", "LanguageSpecification", value=26).value == "hindi"
    excepted = spec("sonarr", "LanguageSpecification", value=1, exceptLanguage=True)
    assert excepted.kind is Spec.LANGUAGE and excepted.negate is True
    assert spec("lidarr", "SizeSpecification", min=1, max=3.5).value == (1.0, 3.5)


def test_one_language_table_covers_the_parser() -> None:
    parser_keys = set(parser_language._NAMES.values())
    missing = {k for k in parser_keys if all(by_key(app, k) is None for app in APPS)}
    assert missing == set()
    for app in APPS:
        ids = [lang.id for lang in languages(app)]
        assert len(ids) == len(set(ids))
    assert by_id("sonarr", 26).name == "Arabic"  # type: ignore[union-attr]
    assert by_id("radarr", 26).name == "Hindi"  # type: ignore[union-attr]
    assert by_id("lidarr", 32) is None
    assert by_key("radarr", "Portuguese Brazil").id == 30  # type: ignore[union-attr]
