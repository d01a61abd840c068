"""The qBittorrent adapter against the REAL qBittorrent (Debian's ``qbittorrent-nox``).

Proves the wire protocol end to end: login and SID cookie, version detection, category
creation, multipart upload of a .torrent, the item mapping on live states, the content
path of a finished torrent, the post-import category, removal with data. qbittorrent-nox
runs on loopback with a throwaway profile; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path, PurePosixPath

import pytest
from pydantic import SecretStr

from mediastack.manager.download_clients.base import (
    DownloadClientError,
    DownloadClientItem,
    DownloadItemStatus,
    ReleaseInfo,
    ReleaseRejectedError,
)
from mediastack.manager.download_clients.qbittorrent import QBittorrent, QBittorrentSettings
from mediastack.manager.download_clients.qbittorrent.settings import (
    QBittorrentPriority,
    QBittorrentState,
)
from tests.support.qbittorrent_nox import QbittorrentNox, qbittorrent_nox, running_qbittorrent_nox

pytestmark = pytest.mark.skipif(
    qbittorrent_nox() is None,
    reason="qbittorrent-nox not installed (apt-get install qbittorrent-nox)",
)

S = DownloadItemStatus


@pytest.fixture(scope="module")
def qbt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QbittorrentNox]:
    with running_qbittorrent_nox(tmp_path_factory.mktemp("qbittorrent")) as server:
        yield server


def make_torrent(source: Path) -> bytes:
    """A tracker-less v1 .torrent over ``source`` (a file or a folder), made by libtorrent."""
    import libtorrent as lt

    entries = lt.list_files(str(source))
    creator = lt.create_torrent(entries, 16384, lt.create_torrent.v1_only)
    lt.set_piece_hashes(creator, str(source.parent))
    return bytes(lt.bencode(creator.generate()))


def provider(server: QbittorrentNox, **overrides: object) -> QBittorrent:
    fields: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "username": server.username,
        "password": SecretStr(server.password),
        "category": "tv",
        "post_import_category": "tv-imported",
        **overrides,
    }
    return QBittorrent(QBittorrentSettings.model_validate(fields), client_id=1, name="qBittorrent")


async def wait_for(
    client: QBittorrent,
    download_id: str,
    done: Callable[[DownloadClientItem | None], bool],
    timeout: float = 10.0,
) -> DownloadClientItem | None:
    """Poll get_items until ``done`` holds for the item (qBittorrent works asynchronously)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        items = {i.download_id: i for i in await client.get_items()}
        item = items.get(download_id)
        if done(item) or asyncio.get_running_loop().time() > deadline:
            return item
        await asyncio.sleep(0.1)


async def _closing(client: QBittorrent, body: Callable[[], Awaitable[None]]) -> None:
    try:
        await body()
    finally:
        await client.aclose()


async def test_connection_test_passes_and_creates_the_categories(qbt: QbittorrentNox) -> None:
    client = provider(qbt)

    async def body() -> None:
        assert await client.test() == []
        categories = await client.proxy.get_categories()
        assert {"tv", "tv-imported"} <= set(categories)
        assert await client.test() == []  # existing categories (409) are fine
        assert await client.proxy.get_version() == ".".join(map(str, qbt.version))
        status = await client.get_status()
        assert status.output_root_folders == (PurePosixPath(qbt.save_path),)
        assert status.removes_completed_downloads is False

    await _closing(client, body)


async def test_wrong_password_is_reported_on_the_credentials(qbt: QbittorrentNox) -> None:
    client = provider(qbt, password=SecretStr("not-the-password"))

    async def body() -> None:
        failures = await client.test()
        assert [f.property_name for f in failures] == ["username", "password"]
        assert "Authentication failure" in failures[0].message

    await _closing(client, body)


async def test_unreachable_client_is_reported_on_the_host(qbt: QbittorrentNox) -> None:
    from tests.support.services import free_port

    client = provider(qbt, port=free_port())

    async def body() -> None:
        [failure] = await client.test()
        assert failure.property_name == "host" and "Unable to connect" in failure.message

    await _closing(client, body)


async def test_paused_add_is_listed_then_removed_with_its_data(
    qbt: QbittorrentNox, tmp_path: Path
) -> None:
    payload = tmp_path / "Show.S01E01.720p-GRP.mkv"
    payload.write_bytes(b"\x01" * 200_000)
    content = make_torrent(payload)  # the data is NOT in qBittorrent's save path
    client = provider(
        qbt,
        initial_state=QBittorrentState.STOP,
        recent_priority=QBittorrentPriority.FIRST,  # exercises wait-for-torrent + topPrio
    )

    async def body() -> None:
        assert await client.test() == []
        release = ReleaseInfo(title="Show.S01E01.720p-GRP", is_recent=True, tags=("mediastack",))
        download_id = await client.add_torrent(release, content)
        assert len(download_id) == 40 and download_id == download_id.lower()
        item = await wait_for(client, download_id, lambda i: i is not None and i.status is S.PAUSED)
        assert item is not None, "the torrent never showed up in torrents/info"
        assert item.status is S.PAUSED  # pausedDL on 4.x, stoppedDL on 5.x
        assert item.category == "tv" and item.title == payload.name
        assert item.total_size == 200_000 and item.remaining_size == 200_000
        assert item.client_id == 1 and item.protocol == "torrent"
        [raw] = [t for t in await client.proxy.get_torrents("tv") if t.hash == download_id]
        assert raw.state in ("pausedDL", "stoppedDL")

        # qBittorrent answers a duplicate with "Fails."; in our category it is the same grab.
        assert await client.add_torrent(release, content) == download_id
        other = provider(qbt, category="tv-imported")
        with pytest.raises(DownloadClientError, match="already has this torrent"):
            await other.add_torrent(release, content)
        await other.aclose()

        await client.remove_item(download_id, delete_data=True)
        gone = await wait_for(client, download_id, lambda i: i is None)
        assert gone is None

    await _closing(client, body)


async def test_finished_torrent_imports_from_its_content_path(qbt: QbittorrentNox) -> None:
    folder = qbt.save_path / "Show.S01E02.1080p-GRP"
    folder.mkdir()
    (folder / "episode.mkv").write_bytes(b"\x02" * 150_000)
    (folder / "episode.nfo").write_bytes(b"info")
    content = make_torrent(folder)  # data already in place: it completes after the check
    client = provider(qbt)

    async def body() -> None:
        download_id = await client.add_torrent(ReleaseInfo(title=folder.name), content)
        item = await wait_for(
            client, download_id, lambda i: i is not None and i.status is S.COMPLETED
        )
        assert item is not None and item.status is S.COMPLETED, item
        assert item.output_path == PurePosixPath(folder)  # content_path, not the save path
        assert item.remaining_size == 0 and item.remaining_time == 0
        assert item.can_be_removed is False  # seeding, no goal reached

        await client.mark_item_as_imported(download_id)
        assert download_id not in {i.download_id for i in await client.get_items()}
        [moved] = [t for t in await client.proxy.get_torrents(None) if t.hash == download_id]
        assert moved.category == "tv-imported"

        await client.remove_item(download_id, delete_data=True)
        for _ in range(50):
            if not folder.exists():
                break
            await asyncio.sleep(0.1)
        assert not folder.exists(), "deleteFiles=true should remove the data"

    await _closing(client, body)


async def test_tracker_less_magnet_is_refused_without_dht(qbt: QbittorrentNox) -> None:
    client = provider(qbt)

    async def body() -> None:
        magnet = "magnet:?xt=urn:btih:bbba124b44d140e331120f0370085b3c2cb2b115&dn=golden-magnet"
        with pytest.raises(ReleaseRejectedError, match="DHT"):
            await client.add_torrent(ReleaseInfo(title="golden-magnet"), magnet)

    await _closing(client, body)


async def test_invalid_torrent_file_is_a_rejected_release(qbt: QbittorrentNox) -> None:
    client = provider(qbt)

    async def body() -> None:
        with pytest.raises(ReleaseRejectedError):
            await client.add_torrent(ReleaseInfo(title="broken"), b"d4:infoi1ee")

    await _closing(client, body)
