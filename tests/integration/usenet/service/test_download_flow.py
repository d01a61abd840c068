"""Add -> queue -> history -> remove through the SABnzbd API, in the managers' call shapes,
against a real NNTP server."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from tests.integration.usenet.service.conftest import Sab, StartService
from tests.support.releases import Release, md5

TIMELEFT = re.compile(r"^\d+:\d{2}:\d{2}$")
MB = re.compile(r"^\d+\.\d{2}$")


def _storage_matches(slot: dict[str, object], expected: Path, release: Release) -> None:
    storage = Path(str(slot["storage"]))
    assert storage == expected.resolve()
    for name in ("show.part1.bin", "show.part2.bin"):
        assert md5(storage / name) == md5(release.files[name])


def test_server_config_persists_and_tests_like_sabnzbd(
    start_service: StartService, release: Release, nntp: object
) -> None:
    server = nntp(release.articles, username="u", password="secret")  # type: ignore[operator]
    with start_service() as sab:
        answer = sab.add_server("main", server.port, username="u", password="secret")
        assert answer["config"]["servers"][0]["password"] == "**********"
        ok = sab.get(
            "config", name="test_server", host="127.0.0.1", port=server.port, username="u",
            password="secret", ssl=0,
        )  # fmt: skip
        assert ok == {"value": {"result": True, "message": "Connection successful!"}}
        wrong = sab.get(
            "config", name="test_server", host="127.0.0.1", port=server.port, username="u",
            password="nope", ssl=0,
        )  # fmt: skip
        assert wrong["value"]["result"] is False and wrong["value"]["message"]
        # The masked password sent back means "the stored one".
        masked = sab.get(
            "config", name="test_server", server="main", host="127.0.0.1", port=server.port,
            username="u", password="**********",
        )  # fmt: skip
        assert masked["value"]["result"] is True
        sab.get("set_config", section="categories", keyword="anime", dir="anime", pp=3)
    with start_service() as sab:  # a restart keeps what set_config stored
        config = sab.get("get_config")["config"]
        [main] = config["servers"]
        assert (main["host"], main["port"], main["password"]) == (
            "127.0.0.1",
            server.port,
            "**********",
        )
        assert "anime" in sab.get("get_cats")["categories"]
        assert "secret" not in (sab.service.settings.config_dir / "logs").joinpath(
            "sabnzbd.txt"
        ).read_text(errors="replace")
        assert sab.get("del_config", section="servers", keyword="main") == {"status": True}
        assert sab.get("get_config")["config"]["servers"] == []


def test_addfile_downloads_into_the_category_folder(
    sab: Sab, release: Release, nntp: object
) -> None:
    server = nntp(release.articles, body_delay=0.004)  # type: ignore[operator]
    sab.add_server("main", server.port)
    added = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv", priority=-100)
    assert added["status"] is True and len(added["nzo_ids"]) == 1
    nzo_id = added["nzo_ids"][0]
    assert nzo_id.startswith("SABnzbd_nzo_")

    slot = sab.queue_slot(nzo_id)
    assert slot is not None
    assert slot["cat"] == "tv" and slot["filename"] == release.name
    assert MB.match(slot["mb"]) and MB.match(slot["mbleft"]) and float(slot["mb"]) > 1
    assert TIMELEFT.match(slot["timeleft"])
    assert slot["status"] in ("Queued", "Downloading") and slot["priority"] == "Normal"
    assert isinstance(slot["index"], int) and slot["percentage"].isdigit()

    final = sab.wait_final(nzo_id)
    assert final["status"] == "Completed", final
    assert final["name"] == release.name and final["category"] == "tv"
    assert isinstance(final["bytes"], int) and final["bytes"] > 1_000_000
    assert isinstance(final["download_time"], int) and final["fail_message"] == ""
    downloads = sab.service.settings.downloads_dir
    _storage_matches(final, downloads / "usenet" / "tv" / release.name, release)
    # The emptied job folder goes right after Completed, off the event loop.
    incomplete = downloads / "usenet" / "incomplete"
    deadline = time.monotonic() + 10
    while list(incomplete.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(incomplete.iterdir())
    assert sab.queue_slot(nzo_id) is None

    removed = sab.get("history", name="delete", value=nzo_id, del_files=1, archive=0)
    assert removed["status"] is True
    assert not Path(final["storage"]).exists()
    assert sab.history_slot(nzo_id) is None


def test_addurl_and_addlocalfile(sab: Sab, release: Release, nntp: object, tmp_path: Path) -> None:
    import http.server
    import threading

    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    body = release.nzb

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/x-nzb")
            self.send_header("Content-Disposition", 'attachment; filename="From.Url.nzb"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/get?id=1"
        added = sab.get("addurl", name=url, cat="movies")
        assert added["status"] is True
        final = sab.wait_final(added["nzo_ids"][0])
        assert final["status"] == "Completed" and final["name"] == "From.Url"
        downloads = sab.service.settings.downloads_dir
        _storage_matches(final, downloads / "usenet" / "movies" / "From.Url", release)
    finally:
        httpd.shutdown()

    refused = sab.get("addurl", name="file:///etc/passwd")
    assert refused["status"] is False and refused["nzo_ids"] == []
    assert "http" in refused["error"]

    local = sab.service.settings.downloads_dir / "nzb-drop" / "Local.Job.nzb"
    local.parent.mkdir(parents=True)
    local.write_bytes(release.nzb)
    added = sab.get("addlocalfile", name=str(local), cat="music")
    assert added["status"] is True, added
    final = sab.wait_final(added["nzo_ids"][0])
    assert final["status"] == "Completed" and final["category"] == "music"

    outside = tmp_path / "outside.nzb"
    outside.write_bytes(release.nzb)
    refused = sab.get("addlocalfile", name=str(outside))
    assert refused["status"] is False and "outside" in refused["error"]


def test_failed_job_then_retry_with_a_backup_server(
    sab: Sab, release: Release, nntp: object
) -> None:
    # Far more data articles missing than 10% par2 can repair.
    lacking = release.data_ids[::3]
    primary = nntp(release.articles, missing=lacking)  # type: ignore[operator]
    sab.add_server("primary", primary.port)
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    failed = sab.wait_final(nzo_id)
    assert failed["status"] == "Failed"
    assert "Repair failed" in failed["fail_message"] or "repair" in failed["fail_message"]
    assert primary.server.body_requests.total() > 0

    fetched_before = dict(primary.server.body_requests)
    backup = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("backup", backup.port, priority=1)
    retried = sab.get("retry", value=nzo_id)
    assert retried["status"] is True
    # SABnzbd's retry makes a new job: a new nzo_id, and the failed one leaves history.
    new_id = retried["nzo_id"]
    assert new_id.startswith("SABnzbd_nzo_") and new_id != nzo_id
    history_ids = {s["nzo_id"] for s in sab.get("history")["history"]["slots"]}
    assert nzo_id not in history_ids
    done = sab.wait_final(new_id)
    assert done["status"] == "Completed", done
    _storage_matches(
        done, sab.service.settings.downloads_dir / "usenet" / "tv" / release.name, release
    )
    # The backup only served what the primary lacked; nothing finished was fetched again.
    assert set(backup.server.body_requests) <= set(lacking)
    finished_first = {m for m in fetched_before if m not in lacking}
    refetched = {
        m: (primary.server.body_requests[m], fetched_before[m])
        for m in finished_first
        if primary.server.body_requests[m] != fetched_before[m]
    }
    assert not refetched, (refetched, len(finished_first))
    stats = sab.get("server_stats")
    assert stats["servers"]["backup"]["total"] > 0


def test_pause_resume_global_and_per_job_and_queue_delete(
    sab: Sab, release: Release, nntp: object
) -> None:
    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    assert sab.get("pause") == {"status": True}
    first = sab.addfile(release.nzb, "First.nzb", cat="tv")["nzo_ids"][0]
    second = sab.addfile(release.nzb, "Second.nzb", cat="tv", priority=-2)["nzo_ids"][0]
    time.sleep(0.5)
    queue = sab.get("queue", start=0, limit=0)["queue"]
    assert queue["paused"] is True
    by_id = {s["nzo_id"]: s for s in queue["slots"]}
    assert by_id[first]["status"] == "Queued" and by_id[second]["status"] == "Paused"
    assert server.server.body_requests.total() == 0

    assert sab.get("resume") == {"status": True}
    assert sab.wait_final(first)["status"] == "Completed"
    assert sab.queue_slot(second)["status"] == "Paused"  # type: ignore[index]

    third = sab.addfile(release.nzb, "Third.nzb", cat="tv", priority=-2)["nzo_ids"][0]
    answer = sab.get("queue", name="delete", value=third, del_files=1)
    assert answer == {"status": True, "nzo_ids": [third]}
    assert sab.queue_slot(third) is None

    assert sab.get("queue", name="resume", value=second)["status"] is True
    assert sab.wait_final(second)["status"] == "Completed"


def test_aiosabnzbd_reads_a_running_queue(sab: Sab, release: Release, nntp: object) -> None:
    from aiosabnzbd import SABnzbdClient
    from aiosabnzbd.const import QueueOperationCommand

    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    sab.get("pause")
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]

    async def talk() -> None:
        async with SABnzbdClient(url=sab.service.url, api_key=sab.service.api_key) as client:
            queue = await client.queue()
            assert queue.paused is True
            [slot] = queue.slots
            assert slot.nzo_id == nzo_id and slot.cat == "tv"
            assert (await client.set_speed_limit(percentage=50)).status is True
            resumed = await client.operate_queue(command=QueueOperationCommand.RESUME)
            assert resumed.status is True
            assert (await client.queue()).paused is False

    asyncio.run(talk())
    assert sab.wait_final(nzo_id)["status"] == "Completed"
