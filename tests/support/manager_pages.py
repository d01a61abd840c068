"""Helpers of the managers' Activity, Settings and System page tests (HTTP and browser).

Screenshots go to ``tmp_path`` unless ``MEDIASTACK_SCREENSHOTS`` names a folder (the
README's pictures are made with ``MEDIASTACK_SCREENSHOTS=docs/screenshots``), so a normal
test run never rewrites files in the tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from mediastack.core.roles import Role
from tests.support.manager_web import PASSWORD, ManagerRig
from tests.support.services import clear_mediastack_env, running_service

SCREENSHOTS_ENV = "MEDIASTACK_SCREENSHOTS"


@contextmanager
def manager_service(role: Role, root: Path) -> Iterator[ManagerRig]:
    """A manager with no providers wired, outside any MEDIASTACK_* environment, with the
    test password set (``rig.web()`` is a signed-in client)."""
    saved = clear_mediastack_env()
    try:
        with running_service(role, root) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            yield ManagerRig(svc)
    finally:
        os.environ.update(saved)


def flash(reply: httpx.Response) -> str:
    """The sentence a form post redirected back with; a refusal reads ``ERROR ...``."""
    assert reply.status_code == 303, reply.text
    params = httpx.URL(reply.headers["location"]).params
    return params.get("message") or f"ERROR {params.get('error')}"


def screenshots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def fits_a_phone(page: Any, width: int = 390) -> bool:
    """Whether the page lays out in ``width`` pixels without scrolling sideways."""
    page.set_viewport_size({"width": width, "height": 844})
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)
