"""The managers' Settings pages over real HTTP: naming with its example, media management,
profiles, custom formats, and the provider pages with their Test buttons against a fake
Newznab, a fake SABnzbd and a dead port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.tv.grab.conftest import INDEXER_KEY
from tests.support.manager_pages import flash, manager_service
from tests.support.manager_web import ManagerRig, tv_rig
from tests.support.services import free_port

SECTIONS = (
    "/settings/mediamanagement",
    "/settings/profiles",
    "/settings/customformats",
    "/settings/indexers",
    "/settings/downloadclients",
    "/settings/connect",
)


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerRig]:
    with tv_rig(tmp_path_factory.mktemp("settings")) as rig:
        yield rig


@pytest.mark.parametrize("role", [Role.TV, Role.MOVIES, Role.MUSIC])
def test_settings_pages_need_a_login_and_render_for_every_manager(
    tmp_path: Path, role: Role
) -> None:
    with manager_service(role, tmp_path) as rig:
        stranger = httpx.Client(base_url=rig.url, follow_redirects=False, timeout=30)
        for path in (*SECTIONS, "/settings/profiles/1", "/settings/indexers/new"):
            assert stranger.get(path).headers["location"] == "/login", path
        for path in ("/settings/naming", "/settings/indexers/save", "/settings/profiles/1"):
            assert stranger.post(path).headers["location"] == "/login", path
        web = rig.web()
        general = web.get("/settings")
        for path in SECTIONS:
            page = web.get(path)
            assert page.status_code == 200, path
            assert 'aria-label="Settings sections"' in page.text
            assert f'href="{path}" aria-current="page"' in page.text, path
        assert web.get("/settings/profiles/1").status_code == 200
        for missing in (
            "/settings/profiles/999",
            "/settings/profiles/abc",
            "/settings/indexers/12345",
            "/settings/nowhere",
            "/settings/customformats/77/condition?implementation=x",
        ):
            assert web.get(missing).status_code == 404, missing
        assert general.status_code == 200 and "API key" in general.text
        assert 'href="/settings" aria-current="page">General' in general.text


def test_naming_example_follows_the_typed_format_and_is_saved(rig: ManagerRig) -> None:
    web = rig.web()
    page = web.get("/settings/mediamanagement")
    assert "Standard episode format" in page.text and "The Series Title" in page.text
    typed = {
        "renameEpisodes": "true",
        "standardEpisodeFormat": "{Series Title} {season:0}x{episode:00} {Episode Title}",
    }
    example = web.get("/settings/naming/examples", params=typed)
    assert "The Series Title&#39;s! 1x01 Episode Title (1).mkv" in example.text
    wrong = web.get("/settings/naming/examples", params={**typed, "standardEpisodeFormat": "x"})
    assert "Must contain season and episode numbers" in wrong.text
    # without JavaScript: the Preview button renders the same example for the typed values
    preview = web.get("/settings/mediamanagement", params={**typed, "preview": "1"})
    assert "1x01 Episode Title (1).mkv" in preview.text

    refused = web.post("/settings/naming", data={**typed, "standardEpisodeFormat": "x"})
    assert refused.status_code == 400 and "Naming not saved" in refused.text
    assert 'value="x"' in refused.text  # what was typed stays in the form
    saved = web.post("/settings/naming", data=typed)
    assert flash(saved) == "Naming saved; new imports use it."
    with rig.api() as api:
        naming = api.get("/config/naming").json()
    assert naming["standardEpisodeFormat"] == typed["standardEpisodeFormat"]
    assert naming["renameEpisodes"] is True and naming["replaceIllegalCharacters"] is False


def test_media_management_is_saved_and_bad_numbers_refused(rig: ManagerRig) -> None:
    web = rig.web()
    with rig.api() as api:
        before = api.get("/config/mediamanagement").json()
    form = {"recycleBinCleanupDays": "30", "copyUsingHardlinks": "true", "fileDate": "utcAirDate"}
    assert flash(web.post("/settings/mediamanagement", data=form)) == "Media management saved."
    with rig.api() as api:
        after = api.get("/config/mediamanagement").json()
    assert after["recycleBinCleanupDays"] == 30 and after["fileDate"] == "utcAirDate"
    assert after["copyUsingHardlinks"] is True and after["deleteEmptyFolders"] is False
    assert after["extraFileExtensions"] == before["extraFileExtensions"]  # not in the form
    bad = web.post("/settings/mediamanagement", data={**form, "recycleBinCleanupDays": "soon"})
    assert flash(bad).startswith("ERROR Media management not saved")
    assert "must be a whole number" in flash(bad)


def test_quality_profile_edit_add_and_delete(rig: ManagerRig) -> None:
    web = rig.web()
    page = web.get("/settings/profiles/1")
    assert 'name="allowed" value="q4"' in page.text  # HDTV-720p
    form = {"name": "Just HD", "upgradeAllowed": "true", "cutoff": "q4"}
    nothing = web.post("/settings/profiles/1", data=form)
    assert nothing.status_code == 400 and "Allow at least one quality" in nothing.text
    saved = web.post("/settings/profiles/1", data={**form, "allowed": ["q4", "q9", "g1001"]})
    assert flash(saved) == "Saved Just HD."
    with rig.api() as api:
        profile = api.get("/qualityprofile/1").json()
    on = {i.get("quality", {}).get("name") or i["name"] for i in profile["items"] if i["allowed"]}
    assert on == {"HDTV-720p", "HDTV-1080p", "WEB 720p"} and profile["cutoff"] == 4
    bad_cutoff = web.post("/settings/profiles/1", data={**form, "cutoff": "q1", "allowed": "q4"})
    assert bad_cutoff.status_code == 400 and "cutoff among the allowed" in bad_cutoff.text

    new = web.get("/settings/profiles/new", params={"name": "Page made"})
    assert 'value="Page made"' in new.text and 'action="/settings/profiles"' in new.text
    unticked = web.post("/settings/profiles", data={"name": "Page made", "cutoff": "q4"})
    assert unticked.status_code == 400 and "Allow at least one quality" in unticked.text
    added = web.post(
        "/settings/profiles", data={"name": "Page made", "cutoff": "q4", "allowed": ["q4"]}
    )
    assert flash(added) == "Added Page made."
    with rig.api() as api:
        [made] = [p for p in api.get("/qualityprofile").json() if p["name"] == "Page made"]
    assert made["cutoff"] == 4
    assert flash(web.post(f"/settings/profiles/{made['id']}/delete")) == "Profile deleted."
    assert flash(web.post(f"/settings/profiles/{made['id']}/delete")).startswith("ERROR")


def test_custom_format_add_condition_remove_and_delete(rig: ManagerRig) -> None:
    web = rig.web()
    form_page = web.get(
        "/settings/customformats/new", params={"implementation": "ReleaseTitleSpecification"}
    )
    assert "Regular Expression" in form_page.text
    empty = web.post(
        "/settings/customformats",
        data={"implementation": "ReleaseTitleSpecification", "name": "", "f.value": "x"},
    )
    assert empty.status_code == 400 and "Name" in empty.text
    made = web.post(
        "/settings/customformats",
        data={
            "implementation": "ReleaseTitleSpecification",
            "name": "x265",
            "conditionName": "HEVC",
            "f.value": r"\b(x265|HEVC)\b",
        },
    )
    assert flash(made) == "Added the custom format x265."
    with rig.api() as api:
        [fmt] = [f for f in api.get("/customformat").json() if f["name"] == "x265"]
    assert fmt["specifications"][0]["fields"][0]["value"] == r"\b(x265|HEVC)\b"
    more = web.post(
        f"/settings/customformats/{fmt['id']}/condition",
        data={"implementation": "ReleaseTitleSpecification", "f.value": "10bit", "negate": "true"},
    )
    assert flash(more) == "Added a condition to x265."
    listing = web.get("/settings/customformats").text
    assert "Not Release Title" in listing and "10bit" in listing
    removed = web.post(f"/settings/customformats/{fmt['id']}/condition/1/delete")
    assert flash(removed) == "Removed a condition from x265."
    last = web.post(f"/settings/customformats/{fmt['id']}/condition/0/delete")
    assert "needs a condition" in flash(last)
    assert flash(web.post(f"/settings/customformats/{fmt['id']}/delete")) == (
        "Custom format deleted."
    )


def _newznab_form(url: str) -> dict[str, str]:
    return {
        "implementation": "Newznab",
        "name": "Page Newznab",
        "enableRss": "true",
        "enableAutomaticSearch": "true",
        "enableInteractiveSearch": "true",
        "priority": "25",
        "f.baseUrl": url,
        "f.apiPath": "/api",
        "f.apiKey": INDEXER_KEY,
        "f.categories": "5030, 5040",
    }


def test_indexer_test_button_passes_and_fails_with_the_api_sentence(rig: ManagerRig) -> None:
    web = rig.web()
    with rig.api() as api:
        [stored] = api.get("/indexer").json()
    good_url = next(f["value"] for f in stored["fields"] if f["name"] == "baseUrl")
    new_form = web.get("/settings/indexers/new", params={"implementation": "Newznab"})
    assert (
        'name="f.baseUrl"' in new_form.text
        and 'data-test="/settings/indexers/test"' in new_form.text
    )

    fetch = {"X-Requested-With": "fetch"}
    passed = web.post("/settings/indexers/test", data=_newznab_form(good_url), headers=fetch)
    assert "Test passed" in passed.text and 'class="alert ok"' in passed.text
    dead = f"http://127.0.0.1:{free_port()}"
    failed = web.post("/settings/indexers/test", data=_newznab_form(dead), headers=fetch)
    assert "Test failed:" in failed.text and 'role="alert"' in failed.text
    # without JavaScript the whole form comes back, with the sentence and what was typed
    plain = web.post("/settings/indexers/test", data=_newznab_form(dead))
    assert plain.status_code == 200 and "Test failed:" in plain.text and dead in plain.text

    refused = web.post("/settings/indexers/save", data=_newznab_form(dead))
    assert refused.status_code == 400 and "Not saved" in refused.text
    forced = web.post("/settings/indexers/save", data={**_newznab_form(dead), "forceSave": "true"})
    assert flash(forced) == "Saved Page Newznab."
    with rig.api() as api:
        saved = next(i for i in api.get("/indexer").json() if i["name"] == "Page Newznab")
    assert next(f["value"] for f in saved["fields"] if f["name"] == "categories") == [5030, 5040]
    edit = web.get(f"/settings/indexers/{saved['id']}")
    assert 'value="********"' in edit.text  # the stored key is never shown
    assert flash(web.post(f"/settings/indexers/{saved['id']}/test")).startswith("ERROR Page")
    kept = {**_newznab_form(good_url), "id": str(saved["id"]), "f.apiKey": "********"}
    assert flash(web.post("/settings/indexers/save", data=kept)) == "Saved Page Newznab."
    assert "Test passed" in flash(web.post(f"/settings/indexers/{saved['id']}/test"))
    assert flash(web.post(f"/settings/indexers/{saved['id']}/delete")) == (
        "The indexer was deleted."
    )


def test_download_client_and_connection_tests(rig: ManagerRig) -> None:
    web = rig.web()
    assert rig.sab is not None
    port = rig.sab.url.rsplit(":", 1)[1]
    sab = {
        "implementation": "Sabnzbd",
        "name": "Page SAB",
        "enable": "true",
        "priority": "1",
        "f.host": "127.0.0.1",
        "f.port": port,
        "f.apiKey": rig.sab.api_key,
        "f.tvCategory": "tv",
    }
    fetch = {"X-Requested-With": "fetch"}
    assert "Test passed" in web.post("/settings/downloadclients/test", data=sab, headers=fetch).text
    wrong_key = web.post(
        "/settings/downloadclients/test", data={**sab, "f.apiKey": "nope"}, headers=fetch
    )
    assert "Test failed" in wrong_key.text
    assert flash(web.post("/settings/downloadclients/save", data=sab)) == "Saved Page SAB."
    bad_port = web.post("/settings/downloadclients/test", data={**sab, "f.port": "many"})
    assert "Port must be a whole number" in bad_port.text

    hook = {
        "implementation": "Webhook",
        "name": "Page hook",
        "onGrab": "true",
        "f.url": f"http://127.0.0.1:{free_port()}/hook",
        "f.method": "1",
    }
    failed = web.post("/settings/connect/test", data=hook, headers=fetch)
    assert "Test failed: Unable to send test message" in failed.text
    refused = web.post("/settings/connect/save", data=hook)
    assert refused.status_code == 400 and "Unable to send test message" in refused.text
    bad_headers = web.post(
        "/settings/connect/save", data={**hook, "forceSave": "true", "f.headers": "no colon"}
    )
    assert bad_headers.status_code == 400 and "Name: value" in bad_headers.text
    headers = "X-Token: abc\nX-Other: two words"
    forced = web.post(
        "/settings/connect/save", data={**hook, "forceSave": "true", "f.headers": headers}
    )
    assert flash(forced) == "Saved Page hook."
    with rig.api() as api:
        [saved] = [n for n in api.get("/notification").json() if n["name"] == "Page hook"]
    assert saved["onGrab"] is True and saved["onDownload"] is False
    assert next(f["value"] for f in saved["fields"] if f["name"] == "headers") == [
        {"key": "X-Token", "value": "abc"},
        {"key": "X-Other", "value": "two words"},
    ]
    edit = web.get(f"/settings/connect/{saved['id']}").text
    assert "X-Token: abc" in edit  # the headers come back one a line
    listing = web.get("/settings/connect").text
    assert "Page hook" in listing and "On grab" in listing
