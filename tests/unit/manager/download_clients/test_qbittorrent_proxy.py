"""The qBittorrent session rules, replayed from the recorded server answers.

An ``httpx.MockTransport`` plays the server with the exact bodies and status codes of the
recording (``Forbidden``, ``Fails.``, ``Ok.`` + SID cookie); our proxy runs unchanged.
"""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    ReleaseRejectedError,
)
from mediastack.manager.download_clients.qbittorrent.proxy import QBittorrentProxy
from mediastack.manager.download_clients.qbittorrent.settings import QBittorrentSettings

SID = "q+T1RwaeU8c41ny1LSk75Khsqzj2kkoT"


class FakeQbt:
    """Just enough qBittorrent: SIDs that can be expired, recorded bodies."""

    def __init__(self, password: str = "benchpass") -> None:
        self.password = password
        self.valid_sids: set[str] = set()
        self.logins = 0
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix("/api/v2/")
        if path == "auth/login":
            self.logins += 1
            form = dict(httpx.QueryParams(request.content.decode()))
            if form.get("password") != self.password:
                return httpx.Response(200, text="Fails.")
            sid = f"{SID}{self.logins}"
            self.valid_sids.add(sid)
            return httpx.Response(
                200,
                text="Ok.",
                headers={"set-cookie": f"SID={sid}; HttpOnly; path=/; SameSite=Strict"},
            )
        cookie = request.headers.get("cookie", "")
        if not any(f"SID={s}" == cookie for s in self.valid_sids):
            return httpx.Response(403, text="Forbidden")
        if path == "app/webapiVersion":
            return httpx.Response(200, text="2.8.19")
        if path == "torrents/add":
            return httpx.Response(415, text="Torrent file is not valid")
        return httpx.Response(200, text="Ok.")


def _proxy(fake: FakeQbt, password: str = "benchpass") -> QBittorrentProxy:
    settings = QBittorrentSettings(username="admin", password=SecretStr(password))
    return QBittorrentProxy(
        settings, http=httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
    )


async def test_logs_in_once_and_sends_the_sid_cookie() -> None:
    fake = FakeQbt()
    proxy = _proxy(fake)
    assert await proxy.get_api_version() == (2, 8, 19)
    await proxy.get_version()
    assert fake.logins == 1
    assert fake.requests[-1].headers["cookie"].startswith("SID=")
    login = fake.requests[0]
    assert login.headers["content-type"] == "application/x-www-form-urlencoded"


async def test_a_403_triggers_exactly_one_fresh_login() -> None:
    fake = FakeQbt()
    proxy = _proxy(fake)
    await proxy.get_version()
    fake.valid_sids.clear()  # qBittorrent restarted: the session is gone
    await proxy.get_version()
    assert fake.logins == 2


async def test_wrong_password_is_an_authentication_error() -> None:
    fake = FakeQbt()
    with pytest.raises(DownloadClientAuthenticationError, match="wrong username or password"):
        await _proxy(fake, password="wrong").get_version()


async def test_unparsable_torrent_is_a_rejected_release() -> None:
    proxy = _proxy(FakeQbt())
    with pytest.raises(ReleaseRejectedError, match="not valid"):
        await proxy.add_torrent_from_file("x.torrent", b"garbage", {"category": "tv"})


async def test_no_credentials_means_no_login() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, text="v4.5.2")

    proxy = QBittorrentProxy(
        QBittorrentSettings(), http=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    assert await proxy.get_version() == "4.5.2"
    assert seen == ["/api/v2/app/version"]


async def test_concurrent_calls_share_one_login() -> None:
    import asyncio

    fake = FakeQbt()
    proxy = _proxy(fake)
    await asyncio.gather(proxy.get_version(), proxy.get_api_version(), proxy.get_version())
    assert fake.logins == 1
