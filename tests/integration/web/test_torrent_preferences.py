"""The torrent preferences page over real HTTP: values shown from ``app/preferences``,
changes applied to the running engine, visible through the WebAPI and kept across a
restart; refused forms shown again with the reason and nothing applied; categories added,
edited and removed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import httpx

from mediastack.core.roles import Role
from mediastack.torrent.api.preferences import engine_changes
from mediastack.torrent.web.preferences import alt_mode
from tests.integration.web.test_torrent_page import (
    PASSWORD,
    engine_of,
    flash,
    signed_in,
    torrent,
)
from tests.support.services import RunningService, clear_mediastack_env, running_service

__all__ = ["torrent"]  # the fixture, imported for pytest


def form_of(page: str) -> dict[str, str]:
    """What a browser would post for the preferences form as the page shows it."""
    form = page.split('<form method="post" action="/preferences"', 1)[1].split("</form>", 1)[0]
    values: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                values[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        assert chosen, name
        values[name] = chosen.group(1)
    return values


def api_preferences(svc: RunningService) -> dict[str, Any]:
    api = httpx.Client(base_url=svc.url, timeout=20)
    login = api.post("/api/v2/auth/login", data={"username": "admin", "password": PASSWORD})
    assert login.text == "Ok."
    prefs: dict[str, Any] = api.get("/api/v2/app/preferences").json()
    return prefs


def test_page_shows_the_current_preferences(torrent: RunningService) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    page = web.get("/preferences").text
    assert 'aria-current="page"' in page
    form = form_of(page)
    prefs = api_preferences(torrent)
    assert form["listen_port"] == str(prefs["listen_port"]) == str(engine.listen_port)
    assert f"Listening on port {engine.listen_port} now." in page
    assert form["save_path"] == prefs["save_path"]
    assert form["dl_limit"] == "0" and form["max_active_downloads"] == "3"
    assert "dht" not in form and "queueing_enabled" in form  # loopback rig: DHT off
    assert form["encryption"] == "0" and form["max_ratio_act"] == "0"
    assert form["max_ratio"] == "" and "max_ratio_enabled" not in form


def test_alternative_limits_show_only_when_they_can_be_saved(torrent: RunningService) -> None:
    """The fields appear once ``setPreferences`` maps them: never a field that saves nothing."""
    state = torrent.ctx.extras["torrent_api"]
    web = signed_in(torrent)
    form = form_of(web.get("/preferences").text)
    probe = {"alt_dl_limit": 4096, "alt_up_limit": 4096}
    supported = bool(engine_changes(probe, state.engine.settings, state))
    assert ("alt_dl_limit" in form) == ("alt_up_limit" in form) == supported
    if supported:
        done = web.post("/preferences", data=form | {"alt_dl_limit": "64", "alt_up_limit": "8"})
        assert "Preferences saved." in flash(web, done)
        prefs = api_preferences(torrent)
        assert (prefs["alt_dl_limit"], prefs["alt_up_limit"]) == (64 * 1024, 8 * 1024)


def test_changes_apply_show_in_the_api_and_survive_a_restart(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.TORRENT, tmp_path / "data") as svc:
            svc.ctx.auth.set_password(PASSWORD)
            web = signed_in(svc)
            engine = engine_of(svc)
            port_before = engine.settings.listen_port
            untouched = web.post("/preferences", data=form_of(web.get("/preferences").text))
            assert "Nothing was changed." in flash(web, untouched)
            assert engine.settings.listen_port == port_before == 0  # still "random"

            form = form_of(web.get("/preferences").text)
            form |= {
                "dl_limit": "250",
                "up_limit": "40",
                "max_active_downloads": "7",
                "max_ratio_enabled": "on",
                "max_ratio": "2.5",
                "max_ratio_act": "1",
                "save_path": "finished",
                "encryption": "1",
            }
            form.pop("queueing_enabled")  # unticked
            done = web.post("/preferences", data=form)
            assert done.headers["location"] == "/preferences?message=Preferences+saved."
            s = engine.settings
            assert (s.download_rate_limit, s.upload_rate_limit) == (250 * 1024, 40 * 1024)
            assert s.max_active_downloads == 7 and s.queueing_enabled is False
            assert s.max_ratio == 2.5 and s.share_limit_action.value == "remove"
            assert s.save_path == svc.settings.downloads_dir.resolve() / "torrents" / "finished"
            assert s.encryption.value == "require"

            shown = form_of(web.get("/preferences").text)
            assert shown["dl_limit"] == "250" and shown["max_ratio"] == "2.5"
            assert "queueing_enabled" not in shown and shown["max_ratio_enabled"] == "on"
            prefs = api_preferences(svc)
            assert prefs["dl_limit"] == 250 * 1024 and prefs["max_active_downloads"] == 7
            assert prefs["max_ratio_enabled"] is True and prefs["max_ratio"] == 2.5
            assert prefs["queueing_enabled"] is False and prefs["encryption"] == 1
        with running_service(Role.TORRENT, tmp_path / "data") as again:
            again.ctx.auth.set_password(PASSWORD)
            shown = form_of(signed_in(again).get("/preferences").text)
            assert shown["dl_limit"] == "250" and shown["max_active_downloads"] == "7"
            assert shown["save_path"].endswith("/torrents/finished")
    finally:
        os.environ.update(saved)


def test_a_refused_form_changes_nothing_and_keeps_what_was_typed(
    torrent: RunningService,
) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    before = engine.settings
    form = form_of(web.get("/preferences").text)
    bad = form | {"listen_port": "70000", "dl_limit": "12", "max_active_uploads": "many"}
    refused = web.post("/preferences", data=bad)
    assert refused.status_code == 400
    text = refused.text
    assert 'role="alert"' in text
    assert "Port used for incoming connections: enter a whole number from 0 to 65535." in text
    assert "Maximum active uploads: enter a whole number." in text
    assert 'value="70000"' in text and 'value="many"' in text and 'value="12"' in text
    assert engine.settings == before  # the valid dl_limit was not applied either

    outside = web.post("/preferences", data=form | {"save_path": "/etc", "up_limit": "9"})
    assert outside.status_code == 400
    assert "must be inside the downloads folder: /etc" in outside.text
    assert engine.settings == before

    no_ratio = web.post("/preferences", data=form | {"max_ratio_enabled": "on", "max_ratio": ""})
    assert no_ratio.status_code == 400 and "Ratio: enter a value." in no_ratio.text
    negative = web.post("/preferences", data=form | {"max_ratio_enabled": "on", "max_ratio": "-3"})
    assert "Ratio: enter a number from 0 to 9998." in negative.text
    wrong_choice = web.post("/preferences", data=form | {"encryption": "7"})
    assert "Encryption mode: choose one of the offered values." in wrong_choice.text
    assert engine.settings == before


def test_categories_are_added_edited_and_removed(torrent: RunningService, tmp_path: Path) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    added = web.post("/preferences/categories/add", data={"name": "tv", "save_path": "shows"})
    assert "Category tv added." in flash(web, added)
    save = engine.settings.save_path
    assert engine.categories()["tv"].save_path == str(save / "shows")
    plain = web.post("/preferences/categories/add", data={"name": "music", "save_path": ""})
    assert "Category music added." in flash(web, plain)
    assert engine.categories()["music"].save_path == ""
    page = web.get("/preferences").text
    assert 'aria-label="Save category tv"' in page and f'value="{save / "shows"}"' in page
    assert f'placeholder="{save / "music"}"' in page  # where the default folder is

    for data, sentence in (
        ({"name": " ", "save_path": ""}, "Category cannot be empty"),
        ({"name": "tv", "save_path": ""}, "Unable to create category tv: it exists"),
        ({"name": "evil", "save_path": "/etc"}, "must be inside the downloads folder: /etc"),
        ({"name": "up", "save_path": "../../.."}, "must be inside the downloads folder"),
    ):
        assert sentence in flash(web, web.post("/preferences/categories/add", data=data))
    assert set(engine.categories()) == {"tv", "music"}

    edited = web.post("/preferences/categories/edit", data={"name": "tv", "save_path": "series"})
    assert "Category tv saved." in flash(web, edited)
    assert engine.categories()["tv"].save_path == str(save / "series")
    refused = web.post("/preferences/categories/edit", data={"name": "tv", "save_path": "/tmp"})
    assert "must be inside the downloads folder" in flash(web, refused)
    assert engine.categories()["tv"].save_path == str(save / "series")
    missing = web.post("/preferences/categories/edit", data={"name": "nope", "save_path": ""})
    assert "Unable to edit category nope: it does not exist" in flash(web, missing)

    removed = web.post("/preferences/categories/delete", data={"name": "music"})
    assert "Category music removed." in flash(web, removed)
    assert set(engine.categories()) == {"tv"}
    again = web.post("/preferences/categories/delete", data={"name": "music"})
    assert "That category does not exist." in flash(web, again)


def test_preferences_need_sign_in_and_same_origin(torrent: RunningService) -> None:
    engine = engine_of(torrent)
    before = engine.settings
    anonymous = httpx.Client(base_url=torrent.url, follow_redirects=False)
    assert anonymous.get("/preferences").headers["location"] == "/login"
    web = signed_in(torrent)
    form = form_of(web.get("/preferences").text) | {"dl_limit": "5"}
    posts = {
        "/preferences": form,
        "/preferences/categories/add": {"name": "x"},
        "/preferences/categories/edit": {"name": "x", "save_path": ""},
        "/preferences/categories/delete": {"name": "x"},
    }
    evil = {"Origin": "http://evil.example"}
    for path, data in posts.items():
        assert anonymous.post(path, data=data).headers["location"] == "/login", path
        assert web.post(path, data=data, headers=evil).status_code == 403, path
    assert engine.settings == before and engine.categories() == {}


def test_alternative_limits_schedule_and_switch(torrent: RunningService) -> None:
    """The schedule and the switch appear with the engine's alternative limits; the switch
    is ``setSpeedLimitsMode`` (``speedLimitsMode`` answers it), the schedule is saved as
    ``setPreferences`` saves qBittorrent's hour and minute keys."""
    state = torrent.ctx.extras["torrent_api"]
    web = signed_in(torrent)
    page = web.get("/preferences").text
    listing = web.get("/torrents/fragment").text
    if alt_mode(state) is None:
        assert 'action="/preferences/alternative-limits"' not in page + listing
        refused = web.post("/preferences/alternative-limits", data={"use": "1"})
        assert "no alternative speed limits" in flash(web, refused)
        return
    assert 'id="alt-switch"' in listing and "Alternative limits off" in listing
    api = httpx.Client(base_url=torrent.url)
    api.post("/api/v2/auth/login", data={"username": "admin", "password": PASSWORD})
    on = web.post(
        "/preferences/alternative-limits",
        data={"use": "1"},
        headers={"Referer": f"{torrent.url}/torrents?state=all"},
    )
    assert on.headers["location"].startswith("/torrents?state=all&message=The+alternative")
    assert api.get("/api/v2/transfer/speedLimitsMode").text == "1"
    assert "Alternative limits on" in web.get("/torrents/fragment").text
    off = web.post("/preferences/alternative-limits", data={"use": "0"})
    assert "The normal speed limits are in force." in flash(web, off)
    assert api.get("/api/v2/transfer/speedLimitsMode").text == "0"

    form = form_of(page)
    assert form["schedule_from"] == "08:00" and form["scheduler_days"] == "0"
    scheduled = form | {
        "scheduler_enabled": "on",
        "schedule_from": "22:30",
        "schedule_to": "06:15",
        "scheduler_days": "1",
    }
    assert "Preferences saved." in flash(web, web.post("/preferences", data=scheduled))
    prefs = api_preferences(torrent)
    assert prefs["scheduler_enabled"] is True and prefs["scheduler_days"] == 1
    assert (prefs["schedule_from_hour"], prefs["schedule_from_min"]) == (22, 30)
    assert (prefs["schedule_to_hour"], prefs["schedule_to_min"]) == (6, 15)
    shown = form_of(web.get("/preferences").text)
    assert shown["schedule_from"] == "22:30" and shown["schedule_to"] == "06:15"
    bad = web.post("/preferences", data=scheduled | {"schedule_to": "25:00"})
    assert bad.status_code == 400 and "To: enter a time such as 08:00." in bad.text
