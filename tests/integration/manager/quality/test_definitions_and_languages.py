"""Quality definitions (size limits) and the language list, raw and through pyarr."""

from __future__ import annotations

from typing import Any

import pytest
from pyarr import LidarrAPI, RadarrAPI, SonarrAPI
from pyarr.exceptions import PyarrBadRequest, PyarrResourceNotFound

from tests.integration.manager.quality.conftest import App, Arr
from tests.support.openapi import assert_component, assert_response
from tests.support.services import RunningService

CLIENTS = {"sonarr": SonarrAPI, "radarr": RadarrAPI, "lidarr": LidarrAPI}


def test_definitions_list_and_recyclarr_bulk_update(arr: Arr) -> None:
    listed = arr.ok("GET", "/qualitydefinition")
    assert_response(arr.app, "/qualitydefinition", "get", listed)
    assert [d["id"] for d in listed] == list(range(1, len(listed) + 1))
    assert len({d["quality"]["id"] for d in listed}) == len(listed)

    # Recyclarr: take the list, change the sizes of the qualities it knows, PUT them all.
    wanted = listed[-3:]
    for offset, d in enumerate(wanted):
        d.update(
            minSize=1.5 + offset, preferredSize=40.0 + offset, maxSize=None if offset else 120.0
        )
    response = arr.call("PUT", "/qualitydefinition/update", wanted)
    assert response.status_code == 202, response.text
    assert_component(arr.app, "QualityDefinitionResource", response.json(), many=True)
    after = {d["id"]: d for d in response.json()}
    for d in wanted:
        assert after[d["id"]] == d
    store = arr.service.ctx.extras["quality_definitions"]
    limits = store.get(wanted[0]["quality"]["id"])
    assert (limits.min_size, limits.preferred_size, limits.max_size) == (1.5, 40.0, 120.0)

    # min > preferred is refused, and nothing of the batch is saved.
    bad = [{**wanted[1], "minSize": 5.0}, {**wanted[2], "minSize": 99.0, "preferredSize": 10.0}]
    refused = arr.call("PUT", "/qualitydefinition/update", bad)
    assert refused.status_code == 400
    assert refused.json()[0]["propertyName"] == "preferredSize"
    assert arr.ok("GET", f"/qualitydefinition/{wanted[1]['id']}") == wanted[1]
    negative = arr.call(
        "PUT", f"/qualitydefinition/{wanted[1]['id']}", {**wanted[1], "minSize": -1}
    )
    assert negative.status_code == 400 and negative.json()[0]["propertyName"] == "minSize"
    assert arr.call("GET", "/qualitydefinition/9999").status_code == 404
    if arr.app == "lidarr":
        return
    limits = arr.ok("GET", "/qualitydefinition/limits")
    assert_response(arr.app, "/qualitydefinition/limits", "get", limits)
    assert limits == {"min": 0, "max": {"sonarr": 1000, "radarr": 2000}[arr.app]}
    too_big = arr.call("PUT", "/qualitydefinition/update", [{**wanted[1], "maxSize": 5000}])
    assert too_big.status_code == 400 and too_big.json()[0]["propertyName"] == "maxSize"


def test_languages_use_each_originals_ids(arr: Arr) -> None:
    languages = arr.ok("GET", "/language")
    assert_response(arr.app, "/language", "get", languages)
    by_name = {lang["name"]: lang["id"] for lang in languages}
    assert by_name["English"] == 1 and by_name["Original"] == -2
    assert {"sonarr": 26, "radarr": 31, "lidarr": 31}[arr.app] == by_name["Arabic"]
    if arr.app == "radarr":
        assert by_name["Portuguese (Brazil)"] == 30 and by_name["Georgian"] == 57
    if arr.app == "sonarr":
        assert by_name["Portuguese (Brazil)"] == 33 and "Any" not in by_name
    named = [lang["name"] for lang in languages if lang["id"] > 0]
    assert named == sorted(named)  # the originals sort by name after the pseudo-languages
    one = arr.ok("GET", "/language/2")
    assert one == {"id": 2, "name": "French", "nameLower": "french"}
    assert_response(arr.app, "/language/{id}", "get", one)
    assert arr.call("GET", "/language/4242").status_code == 404


@pytest.mark.parametrize("app", ["sonarr", "radarr", "lidarr"])
def test_pyarr_profiles_and_definitions(app: App, services: dict[App, RunningService]) -> None:
    svc = services[app]
    client: Any = CLIENTS[app](svc.url, svc.api_key)

    profiles = client.get_quality_profile()
    assert profiles[0]["name"] == "Any"
    assert client.get_quality_profile(profiles[0]["id"])["id"] == profiles[0]["id"]
    schema = client.get_quality_profile_schema()
    items = schema["items"]
    target = next(i for i in items if i.get("quality") and i["quality"]["name"] != "Unknown")
    target["allowed"] = True
    cutoff = target["quality"]["id"]
    name = f"pyarr {app}"
    if app == "sonarr":
        created = client.add_quality_profile(name, True, cutoff, items)
    elif app == "radarr":
        created = client.add_quality_profile(name, schema, cutoff, upgrade_allowed=True)
    else:
        created = client.add_quality_profile(name, True, cutoff, schema, {"id": 1})
    assert created["name"] == name and created["cutoff"] == cutoff
    created["upgradeAllowed"] = False
    assert client.upd_quality_profile(created["id"], created)["upgradeAllowed"] is False
    client.del_quality_profile(created["id"])
    with pytest.raises(PyarrResourceNotFound):
        client.get_quality_profile(created["id"])

    definitions = client.get_quality_definition()
    first = client.get_quality_definition(definitions[1]["id"])
    first["title"] = f"{first['quality']['name']} (renamed)"
    first["maxSize"] = 321.0
    first["preferredSize"] = None
    updated = client.upd_quality_definition(first["id"], first)
    assert updated["title"].endswith("(renamed)") and updated["maxSize"] == 321.0
    with pytest.raises(PyarrBadRequest):
        client.upd_quality_definition(first["id"], {**first, "maxSize": 0.0, "minSize": 2.0})

    french = client.get_language(2)
    assert french["name"] == "French"
    assert len(client.get_language()) > 20 if app != "lidarr" else True
