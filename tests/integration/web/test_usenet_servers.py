"""The usenet servers page over real HTTP: add, edit, test and delete servers, with the Test
button against a real NNTP server (with a login) and a dead port; passwords never sent
back; a refused form shown again; sign-in and same-origin rules."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.usenet.service.conftest import ThreadedNntp
from tests.integration.web.test_usenet_page import PASSWORD, landing, manager_of, signed_in
from tests.support.services import RunningService, clear_mediastack_env, running_service

FETCH = {"X-Requested-With": "fetch"}


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def nntp() -> Iterator[ThreadedNntp]:
    server = ThreadedNntp({}, username="reader", password="s3cret")
    yield server
    server.stop()


@pytest.fixture
def usenet(tmp_path: Path) -> Iterator[RunningService]:
    """One server comes from the configuration file, as operators set them up."""
    saved = clear_mediastack_env()
    configured = {"name": "from-config", "host": "127.0.0.1", "port": 1190, "ssl": False}
    try:
        with running_service(
            Role.USENET,
            tmp_path / "data",
            service={"servers": [configured], "min_free_space_mb": 0},
        ) as svc:
            svc.ctx.auth.set_password(PASSWORD)
            yield svc
    finally:
        os.environ.update(saved)


def server_form(**values: str) -> dict[str, str]:
    return {
        "editing": "",
        "name": "",
        "host": "127.0.0.1",
        "port": "119",
        "connections": "4",
        "username": "",
        "password": "",
        "priority": "0",
        "timeout": "10",
        "retention": "0",
        "enable": "on",
    } | values


def test_add_test_edit_and_delete_a_server(usenet: RunningService, nntp: ThreadedNntp) -> None:
    web = signed_in(usenet)
    catalog = manager_of(usenet).catalog
    page = web.get("/servers").text
    assert "from-config" in page and "127.0.0.1:1190" in page
    assert 'formaction="/servers/test"' in page and "/static/downloads.js" in page

    fields = server_form(
        name="news", port=str(nntp.port), username="reader", password="s3cret", ssl=""
    )
    ok = web.post("/servers/test", data=fields, headers=FETCH)
    assert ok.status_code == 200 and "<html" not in ok.text
    assert ok.text == ('<p class="alert ok test-result" role="status">Connection successful!</p>')
    wrong = web.post("/servers/test", data=fields | {"password": "nope"}, headers=FETCH)
    assert 'role="alert">authentication failed: 481' in wrong.text
    port = dead_port()
    dead = web.post("/servers/test", data=fields | {"port": str(port)}, headers=FETCH)
    assert dead.text == (
        '<p class="alert error test-result" role="alert">'
        f"cannot connect to 127.0.0.1:{port}: Connection refused</p>"
    )
    assert catalog.server("news") is None  # testing saves nothing

    added = web.post("/servers/save", data=fields)
    assert "Server news added." in landing(web, added)
    saved = catalog.server("news")
    assert saved is not None and saved.port == nntp.port and saved.password == "s3cret"
    assert saved.ssl is False and saved.connections == 4 and saved.timeout == 10

    page = web.get("/servers").text
    assert "s3cret" not in page and 'value="**********"' in page
    # the stored password is used when the mask comes back, for a test and a save
    masked = server_form(
        editing="news", port=str(nntp.port), username="reader", password="**********"
    )
    retest = web.post("/servers/test", data=masked, headers=FETCH)
    assert "Connection successful!" in retest.text
    edited = web.post("/servers/save", data=masked | {"connections": "12", "enable": ""})
    assert "Server news saved." in landing(web, edited)
    changed = catalog.server("news")
    assert changed is not None and changed.password == "s3cret"
    assert changed.connections == 12 and changed.enable is False

    deleted = web.post("/servers/delete", data={"name": "news"})
    assert "Server news deleted." in landing(web, deleted)
    assert catalog.server("news") is None
    kept = web.post("/servers/delete", data={"name": "from-config"})
    assert "defined in the configuration file" in landing(web, kept)
    assert catalog.server("from-config") is not None
    gone = web.post("/servers/delete", data={"name": "news"})
    assert "That server does not exist." in landing(web, gone)


def test_without_javascript_the_test_answers_with_the_page(
    usenet: RunningService, nntp: ThreadedNntp
) -> None:
    web = signed_in(usenet)
    typed = server_form(name="draft", port=str(nntp.port), username="reader", password="s3cret")
    page = web.post("/servers/test", data=typed)
    assert page.status_code == 200 and "<html" in page.text
    assert 'id="new-result"' in page.text and "Connection successful!" in page.text
    assert f'id="new-port" name="port" value="{nntp.port}"' in page.text  # kept as typed
    assert 'id="new-name" name="name" value="draft"' in page.text


def test_refused_servers_are_shown_again_and_change_nothing(usenet: RunningService) -> None:
    web = signed_in(usenet)
    catalog = manager_of(usenet).catalog
    before = catalog.servers()
    for data, sentence in (
        (server_form(name=""), "Give the server a name."),
        (server_form(name="x", host=" "), "Enter the server&#39;s host name."),
        (server_form(name="from-config"), "A server named from-config exists already."),
        (server_form(name="x", port="99999"), "x: port: Input should be less than or equal"),
        (server_form(name="x", port="abc"), "x: port must be a whole number"),
        (server_form(name="x", connections="0"), "x: connections: Input should be greater"),
        (server_form(editing="missing"), "The server missing no longer exists."),
    ):
        refused = web.post("/servers/save", data=data)
        assert refused.status_code == 400 and sentence in refused.text, sentence
    typed = web.post("/servers/save", data=server_form(name="x", port="99999"))
    assert 'id="new-port" name="port" value="99999"' in typed.text
    assert catalog.servers() == before
    no_host = web.post("/servers/test", data=server_form(host=""), headers=FETCH)
    assert "Enter the server&#39;s host name." in no_host.text


def test_servers_need_sign_in_and_same_origin(usenet: RunningService) -> None:
    catalog = manager_of(usenet).catalog
    before = catalog.servers()
    anonymous = httpx.Client(base_url=usenet.url, follow_redirects=False)
    assert anonymous.get("/servers").headers["location"] == "/login"
    web = signed_in(usenet)
    evil = {"Origin": "http://evil.example"}
    posts = {
        "/servers/save": server_form(name="evil"),
        "/servers/test": server_form(name="evil"),
        "/servers/delete": {"name": "from-config"},
    }
    for path, data in posts.items():
        assert anonymous.post(path, data=data).headers["location"] == "/login", path
        assert web.post(path, data=data, headers=evil).status_code == 403, path
    assert catalog.servers() == before
