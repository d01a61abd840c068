"""The usenet categories page over real HTTP: add, edit and delete categories (folder,
priority, processing), seen through the SABnzbd API as clients see them; folders that
would leave the complete folder refused; sign-in and same-origin rules."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.web.test_usenet_page import landing, manager_of, signed_in
from tests.integration.web.test_usenet_queue_actions import idle
from tests.support.services import RunningService

__all__ = ["idle"]  # the fixture, imported for pytest


def api_categories(svc: RunningService) -> dict[str, dict[str, Any]]:
    reply = httpx.get(
        f"{svc.url}/api",
        params={"mode": "get_config", "section": "categories", "apikey": svc.api_key},
    )
    return {c["name"]: c for c in reply.json()["config"]["categories"]}


def test_add_edit_and_delete_a_category(idle: RunningService) -> None:
    web = signed_in(idle)
    page = web.get("/categories").text
    for name in ("tv", "movies", "music"):
        assert f'aria-label="Save category {name}"' in page
    assert 'aria-label="Save category *"' not in page  # the default one is fixed
    complete = str(manager_of(idle).complete_dir.resolve())
    assert f"<code>{complete}/&lt;folder&gt;</code>" in page

    added = web.post(
        "/categories/save",
        data={"new": "1", "name": "Anime", "dir": "japan/anime", "priority": "1", "pp": "2"},
    )
    assert "Category anime added." in landing(web, added)
    anime = api_categories(idle)["anime"]
    assert (anime["dir"], anime["priority"], anime["pp"]) == ("japan/anime", 1, "2")
    page = web.get("/categories").text
    assert 'value="japan/anime"' in page and 'aria-label="Save category anime"' in page

    edited = web.post(
        "/categories/save", data={"name": "anime", "dir": "cartoons", "priority": "-100", "pp": "3"}
    )
    assert "Category anime saved." in landing(web, edited)
    anime = api_categories(idle)["anime"]
    assert (anime["dir"], anime["priority"], anime["pp"]) == ("cartoons", -100, "3")

    deleted = web.post("/categories/delete", data={"name": "anime"})
    assert "Category anime deleted." in landing(web, deleted)
    assert "anime" not in api_categories(idle)
    assert "Save category anime" not in web.get("/categories").text


def test_refused_categories_change_nothing(idle: RunningService) -> None:
    web = signed_in(idle)
    before = api_categories(idle)
    base = {"priority": "-100", "pp": ""}
    for data, sentence in (
        ({"new": "1", "name": " ", "dir": ""}, "Give the category a name."),
        ({"new": "1", "name": "TV", "dir": "x"}, "A category named tv exists already."),
        ({"new": "1", "name": "*", "dir": "x"}, "The default category cannot be changed."),
        ({"name": "*", "dir": "x"}, "The default category cannot be changed."),
        ({"name": "gone", "dir": "x"}, "The category gone no longer exists."),
        (
            {"new": "1", "name": "up", "dir": "../../etc"},
            "up: the folder must stay inside the complete folder.",
        ),
        ({"new": "1", "name": "abs", "dir": "/etc"}, "abs: the folder must stay inside"),
        ({"new": "1", "name": "bad", "dir": "", "priority": "9"}, "bad: choose one of the prio"),
        ({"new": "1", "name": "bad", "dir": "", "pp": "7"}, "bad: choose one of the processing"),
        (
            {"new": "1", "name": "odd", "dir": "incomplete"},
            "odd: the incomplete folder cannot be a category folder",
        ),
    ):
        refused = web.post("/categories/save", data=base | data)
        assert sentence in landing(web, refused), sentence
    assert api_categories(idle) == before
    default = web.post("/categories/delete", data={"name": "*"})
    assert "The default category cannot be deleted." in landing(web, default)
    missing = web.post("/categories/delete", data={"name": "nope"})
    assert "That category does not exist." in landing(web, missing)
    assert api_categories(idle) == before


def test_categories_need_sign_in_and_same_origin(idle: RunningService) -> None:
    before = api_categories(idle)
    anonymous = httpx.Client(base_url=idle.url, follow_redirects=False)
    assert anonymous.get("/categories").headers["location"] == "/login"
    web = signed_in(idle)
    evil = {"Origin": "http://evil.example"}
    posts = {
        "/categories/save": {"new": "1", "name": "evil", "dir": "", "priority": "0"},
        "/categories/delete": {"name": "tv"},
    }
    for path, data in posts.items():
        assert anonymous.post(path, data=data).headers["location"] == "/login", path
        assert web.post(path, data=data, headers=evil).status_code == 403, path
    assert api_categories(idle) == before
