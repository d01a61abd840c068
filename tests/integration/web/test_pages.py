"""The shared pages, over real HTTP: setup, login, throttling, CSRF, key rotation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.auth import SESSION_COOKIE
from mediastack.core.roles import Role
from tests.support.services import RunningService, clear_mediastack_env, running_service


@pytest.fixture
def fresh_tv(tmp_path: Path) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    with running_service(Role.TV, tmp_path, auth={"max_failures": 3}) as svc:
        yield svc
    os.environ.update(saved)


def client(svc: RunningService) -> httpx.Client:
    return httpx.Client(base_url=svc.url, follow_redirects=False)


def test_first_run_asks_for_a_password_then_only_once(fresh_tv: RunningService) -> None:
    web = client(fresh_tv)
    assert web.get("/").headers["location"] == "/setup"
    assert web.get("/login").headers["location"] == "/setup"
    page = web.get("/setup")
    assert page.status_code == 200 and "Choose the user name and password" in page.text
    mismatch = web.post("/setup", data={"username": "me", "password": "abcdefgh1", "confirm": "x"})
    assert mismatch.status_code == 400 and "do not match" in mismatch.text
    short = web.post("/setup", data={"username": "me", "password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 8" in short.text
    done = web.post(
        "/setup",
        data={"username": "me", "password": "a long password", "confirm": "a long password"},
    )
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert SESSION_COOKIE in done.cookies
    assert web.get("/").status_code == 200  # signed in by the setup
    # a second visitor cannot take over the service by "setting up" again
    other = client(fresh_tv)
    assert other.get("/setup").headers["location"] == "/login"
    again = other.post(
        "/setup", data={"username": "evil", "password": "evil password", "confirm": "evil password"}
    )
    assert again.headers["location"] == "/login"
    assert fresh_tv.ctx.auth.check_password("me", "a long password")


def test_login_logout_and_ban(fresh_tv: RunningService) -> None:
    fresh_tv.ctx.auth.set_password("correct password")
    web = client(fresh_tv)
    bad = web.post("/login", data={"username": "admin", "password": "wrong"})
    assert bad.headers["location"] == "/login?loginFailed=true"  # the originals' redirect
    good = web.post("/login", data={"username": "admin", "password": "correct password"})
    assert good.headers["location"] == "/" and SESSION_COOKIE in good.cookies
    assert web.get("/settings").status_code == 200
    web.get("/logout")
    web.cookies.clear()
    assert web.get("/settings").headers["location"] == "/login"
    for _ in range(3):
        web.post("/login", data={"username": "admin", "password": "wrong"})
    banned = web.post("/login", data={"username": "admin", "password": "correct password"})
    assert banned.headers["location"] == "/login?loginFailed=true"
    assert "Too many failed attempts" in web.get("/login").text


def test_cross_origin_posts_are_refused(fresh_tv: RunningService) -> None:
    fresh_tv.ctx.auth.set_password("correct password")
    web = client(fresh_tv)
    forged = web.post(
        "/login",
        data={"username": "admin", "password": "correct password"},
        headers={"Origin": "http://evil.example"},
    )
    assert forged.status_code == 403 and SESSION_COOKIE not in forged.cookies


def test_api_key_is_shown_and_rotated(fresh_tv: RunningService) -> None:
    fresh_tv.ctx.auth.set_password("correct password")
    web = client(fresh_tv)
    web.post("/login", data={"username": "admin", "password": "correct password"})
    old = fresh_tv.api_key
    assert old in web.get("/settings").text
    rotated = web.post("/settings/rotate-key")
    assert rotated.status_code == 303
    new = fresh_tv.ctx.auth.api_key
    assert new != old and new in web.get(rotated.headers["location"]).text
    status = f"{fresh_tv.url}/api/v3/system/status"
    assert httpx.get(status, headers={"X-Api-Key": old}).status_code == 401
    assert httpx.get(status, headers={"X-Api-Key": new}).status_code == 200


def test_password_change_signs_out_other_sessions(fresh_tv: RunningService) -> None:
    fresh_tv.ctx.auth.set_password("correct password")
    first, second = client(fresh_tv), client(fresh_tv)
    for web in (first, second):
        web.post("/login", data={"username": "admin", "password": "correct password"})
    changed = first.post(
        "/settings/password",
        data={
            "current": "correct password",
            "password": "newer password",
            "confirm": "newer password",
        },
    )
    assert "Password changed" in first.get(changed.headers["location"]).text
    assert second.get("/settings").headers["location"] == "/login"


@pytest.mark.parametrize("role", list(Role))
def test_every_service_serves_the_pages_and_assets(tmp_path: Path, role: Role) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(role, tmp_path) as svc:
            web = client(svc)
            assert web.get("/setup").status_code == 200
            css = web.get("/static/app.css")
            assert css.status_code == 200 and "text/css" in css.headers["content-type"]
            assert web.get("/static/app.js").status_code == 200
            assert "http" not in web.get("/setup").text.split("<body", 1)[0].replace(
                'content="width', ""
            )  # no external assets in the head
    finally:
        os.environ.update(saved)
