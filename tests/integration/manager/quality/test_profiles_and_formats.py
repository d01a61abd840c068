"""Quality profiles and custom formats, driven the way Recyclarr syncs TRaSH guides.

Recyclarr reads ``qualityprofile/schema`` to learn the quality and group ids, builds a
profile from it, POSTs it, later PUTs changes and scores; it creates custom formats from
``customformat/schema`` implementations with ``fields: [{name, value}]``. Every response
is checked against the original's OpenAPI schema.
"""

from __future__ import annotations

import copy
from typing import Any

from mediastack.manager.quality import Spec
from mediastack.manager.quality.definitions import catalogue
from tests.integration.manager.quality.conftest import Arr
from tests.support.openapi import assert_component, assert_response
from tests.support.services import running_service

# One valid value per implementation, as TRaSH-guide JSON carries them.
SPEC_VALUES: dict[str, dict[str, Any]] = {
    "ReleaseTitleSpecification": {"value": r"\b(REMUX)\b"},
    "EditionSpecification": {"value": r"(?<!^)\b(extended|uncut)\b"},
    "LanguageSpecification": {"value": 2, "exceptLanguage": False},
    "IndexerFlagSpecification": {"value": 1},
    "SourceSpecification": {"value": 3},
    "ResolutionSpecification": {"value": 1080},
    "QualityModifierSpecification": {"value": 5},
    "SizeSpecification": {"min": 1, "max": 10},
    "ReleaseGroupSpecification": {"value": r"^(FLUX|NTb)$"},
}


def _qualities(items: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item.get("quality") and not item.get("items"):
            out.append(item["quality"]["name"])
        out.extend(_qualities(item.get("items") or []))
    return out


def _group(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(i for i in items if i.get("name") == name)


def _format(arr: Arr, name: str, implementations: list[str] | None = None) -> dict[str, Any]:
    schema = arr.ok("GET", "/customformat/schema")
    specs = []
    for template in schema:
        impl = template["implementation"]
        if implementations is not None and impl not in implementations:
            continue
        values = dict(SPEC_VALUES[impl])
        if impl == "SourceSpecification" and arr.app == "radarr":
            values["value"] = 7  # Radarr's Source.WEBDL
        spec = {
            "name": f"{impl} condition",
            "implementation": impl,
            "negate": impl == "ReleaseGroupSpecification",
            "required": impl == "ResolutionSpecification",
            "fields": [{"name": k, "value": v} for k, v in values.items()],
        }
        specs.append(spec)
    return {"name": name, "includeCustomFormatWhenRenaming": False, "specifications": specs}


def test_schema_lists_every_quality_disallowed_with_the_originals_groups(arr: Arr) -> None:
    schema = arr.ok("GET", "/qualityprofile/schema")
    assert_response(arr.app, "/qualityprofile/schema", "get", schema)
    assert arr.ok("GET", "/qualityProfile/Schema") == schema  # clients mix spellings
    names = _qualities(schema["items"])
    assert sorted(names) == sorted(q.name for q in catalogue(arr.app))
    assert not any(i["allowed"] for i in schema["items"])
    groups = {i["name"]: i for i in schema["items"] if "name" in i}
    if arr.app == "sonarr":
        web = _group(schema["items"], "WEB 1080p")
        assert [m["quality"]["name"] for m in web["items"]] == ["WEBRip-1080p", "WEBDL-1080p"]
        assert web["id"] >= 1000
        assert schema["items"][0]["quality"] == {
            "id": 0,
            "name": "Unknown",
            "source": "unknown",
            "resolution": 0,
        }
    elif arr.app == "radarr":
        assert [m["quality"]["name"] for m in groups["WEB 2160p"]["items"]] == [
            "WEBDL-2160p",
            "WEBRip-2160p",
        ]
        assert schema["language"] == {"id": -2, "name": "Original"}
        remux = next(
            i["quality"]
            for i in schema["items"]
            if i.get("quality", {}).get("name") == "Remux-2160p"
        )
        assert remux["modifier"] == "remux" and remux["source"] == "bluray"
    else:
        assert "Lossless" in groups and "minUpgradeFormatScore" not in schema


def test_default_profiles_are_seeded_once(arr: Arr) -> None:
    profiles = arr.ok("GET", "/qualityprofile")
    assert_response(arr.app, "/qualityprofile", "get", profiles)
    expected = {
        "sonarr": ["Any", "SD", "HD-720p", "HD-1080p", "Ultra-HD", "HD - 720p/1080p"],
        "radarr": ["Any", "SD", "HD-720p", "HD-1080p", "Ultra-HD", "HD - 720p/1080p"],
        "lidarr": ["Any", "Lossless", "Standard"],
    }[arr.app]
    assert [p["name"] for p in profiles][: len(expected)] == expected
    hd = profiles[2] if arr.app != "lidarr" else profiles[1]
    cutoff_item = next(
        i
        for i in hd["items"]
        if i.get("id") == hd["cutoff"] or i.get("quality", {}).get("id") == hd["cutoff"]
    )
    assert cutoff_item["allowed"]


def test_seeding_is_idempotent_across_restarts(sonarr_http: Arr, tmp_path: Any) -> None:
    for _ in range(2):
        with running_service(sonarr_http.service.role, tmp_path) as svc:
            profiles = svc.ctx.extras["quality_profiles"].all()
    assert [p.name for p in profiles].count("Any") == 1 and len(profiles) == 6


def test_recyclarr_profile_flow_with_format_items(arr: Arr) -> None:
    existing = arr.ok(
        "POST", "/customformat", _format(arr, f"Existing {arr.app}", ["ReleaseTitleSpecification"])
    )

    # Build from the schema: allow a group (or two qualities), cut off at the group.
    schema = arr.ok("GET", "/qualityprofile/schema")
    profile = copy.deepcopy(schema)
    profile.pop("id", None)
    group_name = {"sonarr": "WEB 1080p", "radarr": "WEB 1080p", "lidarr": "Lossless"}[arr.app]
    for item in profile["items"]:
        if item.get("name") == group_name:
            item["allowed"] = True
            for member in item["items"]:
                member["allowed"] = True
            group_id = item["id"]
    profile.update(
        name=f"TRaSH {arr.app}",
        upgradeAllowed=True,
        cutoff=group_id,
        minFormatScore=0,
        cutoffFormatScore=1000,
    )
    assert {f["format"] for f in profile["formatItems"]} >= {existing["id"]}
    created = arr.call("POST", "/qualityprofile", profile)
    assert created.status_code == 201, created.text
    body = created.json()
    assert_response(arr.app, "/qualityprofile", "post", body)
    assert body["cutoff"] == group_id and body["upgradeAllowed"] is True
    assert _group(body["items"], group_name)["allowed"] is True
    assert arr.ok("GET", f"/qualityprofile/{body['id']}") == body

    # PUT with a score for the existing format, a new name and the id only in the body.
    body["name"] = f"TRaSH {arr.app} v2"
    for item in body["formatItems"]:
        if item["format"] == existing["id"]:
            item["score"] = 150
    updated = arr.call("PUT", "/qualityprofile", body)
    assert updated.status_code == 202, updated.text
    assert_response(arr.app, "/qualityprofile/{id}", "put", updated.json())
    assert {f["format"]: f["score"] for f in updated.json()["formatItems"]}[existing["id"]] == 150

    stored = arr.service.ctx.extras["quality_profiles"].get(body["id"])
    assert stored.name == f"TRaSH {arr.app} v2" and stored.format_items[existing["id"]] == 150
    assert stored.cutoff == group_id

    # A new format joins every profile first with score 0; deleting it removes it again.
    added = arr.ok(
        "POST", "/customformat", _format(arr, f"Added {arr.app}", ["ReleaseTitleSpecification"])
    )
    items = arr.ok("GET", f"/qualityprofile/{body['id']}")["formatItems"]
    assert items[0] == {"format": added["id"], "name": f"Added {arr.app}", "score": 0}
    for other in arr.ok("GET", "/qualityprofile"):
        assert added["id"] in {f["format"] for f in other["formatItems"]}
    assert arr.call("DELETE", f"/customformat/{added['id']}").status_code == 200
    for other in arr.ok("GET", "/qualityprofile"):
        assert added["id"] not in {f["format"] for f in other["formatItems"]}
    assert arr.call("GET", f"/customformat/{added['id']}").status_code == 404

    # The hook the library fills: a profile in use is refused, as the originals do.
    store = arr.service.ctx.extras["quality_profiles"]
    store.in_use = lambda profile_id: profile_id == body["id"]
    try:
        refused = arr.call("DELETE", f"/qualityprofile/{body['id']}")
        assert refused.status_code == 400 and "is in use" in refused.json()["message"]
    finally:
        store.in_use = None
    assert arr.call("DELETE", f"/qualityprofile/{body['id']}").status_code == 200
    assert arr.call("GET", f"/qualityprofile/{body['id']}").status_code == 404
    arr.ok("DELETE", f"/customformat/{existing['id']}")


def test_profile_validation_errors_in_the_originals_shape(arr: Arr) -> None:
    schema = arr.ok("GET", "/qualityprofile/schema")

    def attempt(
        change: dict[str, Any], items: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        body = {**copy.deepcopy(schema), "name": f"Bad {arr.app}", **change}
        if items is not None:
            body["items"] = items
        response = arr.call("POST", "/qualityprofile", body)
        assert response.status_code == 400, response.text
        errors: list[dict[str, Any]] = response.json()
        assert all({"propertyName", "errorMessage", "attemptedValue"} <= set(e) for e in errors)
        return errors

    first = copy.deepcopy(schema["items"])
    first[1]["allowed"] = True
    allowed_key = first[1].get("id") or first[1]["quality"]["id"]
    # cutoff pointing at a disallowed quality
    errors = attempt({"cutoff": first[-1].get("id") or first[-1]["quality"]["id"]}, first)
    assert [e["propertyName"] for e in errors] == ["cutoff"]
    assert errors[0]["errorMessage"] == "Cutoff must be an allowed quality or group"
    # nothing allowed at all
    assert any(
        e["errorMessage"] == "Must contain at least one allowed quality"
        for e in attempt({"cutoff": 0})
    )
    # a quality left out
    errors = attempt({"cutoff": allowed_key}, first[1:])
    assert any(e["errorMessage"] == "Must contain all qualities" for e in errors)
    # an empty group
    broken = [*copy.deepcopy(first), {"id": 1999, "name": "Empty", "items": [], "allowed": False}]
    errors = attempt({"cutoff": allowed_key}, broken)
    assert any(e["errorMessage"] == "Groups must contain multiple qualities" for e in errors)
    # a name that is taken
    errors = attempt({"cutoff": allowed_key, "name": "Any"}, first)
    assert errors == [
        {
            "propertyName": "name",
            "errorMessage": "Must be unique.",
            "attemptedValue": "Any",
            "severity": "error",
            "errorCode": errors[0]["errorCode"],
        }
    ]
    # a format id that does not exist
    errors = attempt({"cutoff": allowed_key, "formatItems": [{"format": 98765, "score": 1}]}, first)
    assert errors[0]["propertyName"] == "formatItems"
    assert arr.call("PUT", "/qualityprofile/98765", {**schema, "name": "x"}).status_code in (
        400,
        404,
    )


def test_custom_format_round_trip_with_every_specification(arr: Arr) -> None:
    schema = arr.ok("GET", "/customformat/schema")
    assert_component(arr.app, "CustomFormatSpecificationSchema", schema, many=True)
    implementations = [s["implementation"] for s in schema]
    expected = {
        "sonarr": 7,  # no Edition / QualityModifier: Radarr's
        "radarr": 9,
        "lidarr": 4,
    }[arr.app]
    assert len(implementations) == expected and "ReleaseTitleSpecification" in implementations
    language = next((s for s in schema if s["implementation"] == "LanguageSpecification"), None)
    if language is not None:
        assert [f["name"] for f in language["fields"]] == ["value", "exceptLanguage"]
        assert {"value": 2, "name": "French"} in [
            {"value": o["value"], "name": o["name"]} for o in language["fields"][0]["selectOptions"]
        ]

    sent = _format(arr, f"Everything {arr.app}")
    created = arr.call("POST", "/customformat", sent)
    assert created.status_code == 201, created.text
    body = created.json()
    assert_response(arr.app, "/customformat", "post", body)
    got = arr.ok("GET", f"/customformat/{body['id']}")
    assert got == body
    for spec_sent, spec_got in zip(sent["specifications"], got["specifications"], strict=True):
        assert spec_got["implementation"] == spec_sent["implementation"]
        assert (spec_got["negate"], spec_got["required"]) == (
            spec_sent["negate"],
            spec_sent["required"],
        )
        values = {f["name"]: f["value"] for f in spec_got["fields"]}
        for field in spec_sent["fields"]:
            assert values[field["name"]] == field["value"], (spec_got["implementation"], field)

    # The decision engine's view: the matcher's words, not the enum numbers.
    model = arr.service.ctx.extras["custom_formats"].get(body["id"])
    by_kind = {s.kind: s for s in model.specifications}
    assert by_kind[Spec.RELEASE_TITLE].value == r"\b(REMUX)\b"
    assert by_kind[Spec.SIZE].value == (1.0, 10.0)
    assert by_kind[Spec.RELEASE_GROUP].negate is True
    if arr.app != "lidarr":
        assert by_kind[Spec.SOURCE].value == "webdl"
        assert by_kind[Spec.LANGUAGE].value == "french"
        assert by_kind[Spec.RESOLUTION].value == 1080 and by_kind[Spec.RESOLUTION].required

    # Older clients send fields as an object; the PUT takes the id from the path.
    older = {
        **sent,
        "name": f"Everything {arr.app} renamed",
        "includeCustomFormatWhenRenaming": True,
        "specifications": [
            {**s, "fields": {f["name"]: f["value"] for f in s["fields"]}}
            for s in sent["specifications"]
        ],
    }
    updated = arr.call("PUT", f"/customformat/{body['id']}", older)
    assert updated.status_code == 202, updated.text
    assert_response(arr.app, "/customformat/{id}", "put", updated.json())
    assert updated.json()["includeCustomFormatWhenRenaming"] is True
    assert [s["fields"] for s in updated.json()["specifications"]] == [
        s["fields"] for s in body["specifications"]
    ]
    listed = arr.ok("GET", "/customformat")
    assert_response(arr.app, "/customformat", "get", listed)
    assert body["id"] in {f["id"] for f in listed}
    arr.ok("DELETE", f"/customformat/{body['id']}")


def test_custom_format_errors(arr: Arr) -> None:
    def errors(body: dict[str, Any]) -> list[dict[str, Any]]:
        response = arr.call("POST", "/customformat", body)
        assert response.status_code == 400, response.text
        result: list[dict[str, Any]] = response.json()
        return result

    title = "ReleaseTitleSpecification"
    bad = _format(arr, f"Bad regex {arr.app}", [title])
    bad["specifications"][0]["fields"] = [{"name": "value", "value": "(unclosed"}]
    found = errors(bad)
    assert found[0]["propertyName"] == "specifications[0].value"
    assert found[0]["errorMessage"].startswith("Invalid Regex")
    bad["specifications"][0]["fields"] = [{"name": "value", "value": ""}]
    assert errors(bad)[0]["errorMessage"] == "Regex Pattern must not be empty"
    unknown = _format(arr, f"Unknown {arr.app}", [title])
    unknown["specifications"][0]["implementation"] = "YearSpecification"
    assert "Unknown implementation" in errors(unknown)[0]["errorMessage"]
    assert errors({"name": "", "specifications": []})[0]["propertyName"] == "name"

    # .NET syntax TRaSH patterns use: named groups and variable-width look-behind.
    dotnet = _format(arr, f"Dotnet {arr.app}", [title])
    dotnet["specifications"][0]["fields"] = [
        {"name": "value", "value": r"(?<group>FLUX)|(?<=^|[ .-])HDR10(?=[ .-]|$)"}
    ]
    created = arr.ok("POST", "/customformat", dotnet)
    duplicate = arr.call("POST", "/customformat", dotnet)
    assert duplicate.status_code == 400 and duplicate.json()[0]["errorMessage"] == "Must be unique."
    arr.ok("DELETE", f"/customformat/{created['id']}")
    assert arr.call("DELETE", f"/customformat/{created['id']}").status_code == 404
