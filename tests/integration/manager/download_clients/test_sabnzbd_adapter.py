"""The SABnzbd adapter over real HTTP: against our usenet service, and a SABnzbd-shaped fake.

Our usenet service is started in-process exactly as it runs in production; an NZB added
through the adapter shows up in its queue. The full add -> queue -> history -> remove cycle
with post-processing states also runs against ``tests/support/fake_sabnzbd.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from pydantic import SecretStr

from mediastack.core.roles import Role
from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    DownloadItemStatus,
    ReleaseInfo,
)
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    RemotePathMapping,
)
from mediastack.manager.download_clients.sabnzbd import Sabnzbd, SabnzbdSettings
from mediastack.manager.download_clients.sabnzbd.settings import SabnzbdPriority
from mediastack.manager.download_clients.tracking import DownloadTracker, TrackedDownloadState
from tests.support.fake_sabnzbd import FakeSabnzbd, running_fake_sabnzbd
from tests.support.services import RunningService, clear_mediastack_env, running_service

S = DownloadItemStatus
NZB = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
  <file poster="p@example.invalid" date="1700000000"
        subject="Show.S01E03 [1/1] - &quot;a.mkv&quot; yEnc (1/1)">
    <groups><group>alt.binaries.test</group></groups>
    <segments><segment bytes="1000" number="1">part1@example.invalid</segment></segments>
  </file>
</nzb>
"""


def _client(
    url: str, api_key: str, *, mapper: RemotePathMapper | None = None, **overrides: object
) -> Sabnzbd:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    fields: dict[str, object] = {
        "host": host,
        "port": int(port),
        "api_key": SecretStr(api_key),
        "category": "tv",
        **overrides,
    }
    return Sabnzbd(
        SabnzbdSettings.model_validate(fields),
        client_id=2,
        name="SABnzbd",
        category_field="tvCategory",
        mapper=mapper,
    )


# ------------------------------------------------------------------ our usenet service


@pytest.fixture(scope="module")
def usenet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.USENET, tmp_path_factory.mktemp("usenet")) as service:
            yield service
    finally:
        os.environ.update(saved)


async def test_ours_connection_test_passes(usenet: RunningService) -> None:
    client = _client(usenet.url, usenet.api_key)
    try:
        assert await client.test() == []
        status = await client.get_status()
        expected = (usenet.settings.downloads_dir / "usenet" / "tv").resolve()
        assert status.output_root_folders == (PurePosixPath(expected),)
        assert status.removes_completed_downloads is False
    finally:
        await client.aclose()


async def test_ours_empty_queue_and_history_give_no_items(usenet: RunningService) -> None:
    client = _client(usenet.url, usenet.api_key)
    try:
        assert await client.get_items() == []
    finally:
        await client.aclose()


@pytest.mark.parametrize(
    ("key", "message"), [("0" * 32, "API Key Incorrect"), ("", "API Key Required")]
)
async def test_ours_key_errors_are_clear(usenet: RunningService, key: str, message: str) -> None:
    client = _client(usenet.url, key)
    try:
        [failure] = await client.test()
        assert failure.property_name == "apiKey" and failure.message == message
        with pytest.raises(DownloadClientAuthenticationError, match=message):
            await client.get_items()
    finally:
        await client.aclose()


async def test_ours_unknown_category_fails_the_test(usenet: RunningService) -> None:
    client = _client(usenet.url, usenet.api_key, category="anime")
    try:
        [failure] = await client.test()
        assert failure.property_name == "tvCategory" and "does not exist" in failure.message
    finally:
        await client.aclose()


async def test_ours_add_nzb_appears_in_the_queue(usenet: RunningService) -> None:
    client = _client(usenet.url, usenet.api_key)
    try:
        nzo_id = await client.add_nzb(ReleaseInfo(title="Show.S01E03"), NZB, "Show.S01E03.nzb")
        assert nzo_id in {i.download_id for i in await client.get_items()}
    finally:
        await client.aclose()


# ------------------------------------------------------------------ SABnzbd-shaped fake


@pytest.fixture
def fake() -> Iterator[FakeSabnzbd]:
    with running_fake_sabnzbd() as server:
        yield server


async def test_fake_full_cycle_add_queue_history_remove(fake: FakeSabnzbd, tmp_path: Path) -> None:
    mapper = RemotePathMapper([RemotePathMapping("127.0.0.1", "/downloads/usenet", "/mnt/usenet")])
    client = _client(fake.url, fake.api_key, recent_priority=SabnzbdPriority.HIGH, mapper=mapper)
    tracker = DownloadTracker(lambda: [client])
    try:
        assert await client.test() == []
        nzo_id = await client.add_nzb(
            ReleaseInfo(title="Show.S01E03.1080p-GRP", is_recent=True),
            NZB,
            "Show.S01E03.1080p-GRP.nzb",
        )
        [upload] = fake.uploads
        assert upload.field_name == "name" and upload.content_type == "application/x-nzb"
        assert upload.params["cat"] == "tv" and upload.params["priority"] == "1"
        assert upload.params["output"] == "json" and upload.params["apikey"] == fake.api_key

        [queued] = await client.get_items()
        assert queued.download_id == nzo_id and queued.status is S.QUEUED
        assert queued.title == "Show.S01E03.1080p-GRP" and queued.category == "tv"

        fake.start_downloading(nzo_id, left=350 * 1024 * 1024)
        await tracker.refresh()
        [entry] = tracker.queue()
        assert entry.client_status is S.DOWNLOADING and entry.progress == pytest.approx(0.5)
        assert entry.time_left == 35 and entry.estimated_completion_time is not None

        fake.post_process(nzo_id, "Verifying")  # in history, not finished
        [verifying] = await client.get_items()
        assert verifying.status is S.DOWNLOADING

        fake.complete(nzo_id)
        await tracker.refresh()
        [done] = await client.get_items()
        assert done.status is S.COMPLETED
        assert done.output_path == PurePosixPath("/mnt/usenet/tv/Show.S01E03.1080p-GRP")
        tracked = tracker.get(2, nzo_id)
        assert tracked is not None and tracked.state is TrackedDownloadState.IMPORT_PENDING

        await client.mark_item_as_imported(nzo_id)  # SABnzbd: nothing to do
        await client.remove_item(nzo_id, delete_data=False)
        assert fake.deletes[-1]["mode"] == "history" and fake.deletes[-1]["del_files"] == "0"
        assert "archive" not in fake.deletes[-1]
        assert await client.get_items() == []
        await tracker.refresh()
        assert tracker.queue() == []
    finally:
        await client.aclose()


async def test_fake_failed_and_queued_removal(fake: FakeSabnzbd) -> None:
    client = _client(fake.url, fake.api_key)
    try:
        first = await client.add_nzb(ReleaseInfo(title="a"), NZB, "Show.S01E04-GRP.nzb")
        second = await client.add_nzb(ReleaseInfo(title="b"), NZB, "Show.S01E05-GRP.nzb")
        assert fake.uploads[0].params["priority"] == "-100"  # older release: Default

        fake.fail(first, "Aborted, cannot be completed - https://sabnzbd.org/not-complete")
        items = {i.download_id: i for i in await client.get_items()}
        assert items[first].status is S.FAILED and items[first].message
        assert items[second].status is S.QUEUED

        await client.remove_item(first, delete_data=True)
        assert fake.deletes[-1] == {
            **fake.deletes[-1],
            "mode": "history",
            "del_files": "1",
            "archive": "0",
        }
        await client.remove_item(second, delete_data=True)
        assert fake.deletes[-1]["mode"] == "queue" and fake.deletes[-1]["value"] == second
        assert await client.get_items() == []
    finally:
        await client.aclose()


async def test_fake_other_categories_are_not_ours(fake: FakeSabnzbd) -> None:
    client = _client(fake.url, fake.api_key)
    movies = _client(fake.url, fake.api_key, category="movies")
    try:
        await movies.add_nzb(ReleaseInfo(title="m"), NZB, "Movie.2020-GRP.nzb")
        assert await client.get_items() == []
        assert [i.title for i in await movies.get_items()] == ["Movie.2020-GRP"]
    finally:
        await client.aclose()
        await movies.aclose()


async def test_fake_disk_full_is_a_warning(fake: FakeSabnzbd) -> None:
    client = _client(fake.url, fake.api_key)
    try:
        nzo_id = await client.add_nzb(ReleaseInfo(title="c"), NZB, "Show.S01E06-GRP.nzb")
        fake.fail(nzo_id, "Unpacking failed, write error or disk is full?")
        [item] = await client.get_items()
        assert item.status is S.WARNING
    finally:
        await client.aclose()
