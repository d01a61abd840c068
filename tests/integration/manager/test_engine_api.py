"""Engine endpoints every manager shares: tags, root folders, commands, tasks.

Driven through pyarr where it has a call for it, so the shapes are checked by a client we
did not write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyarr import RadarrAPI, SonarrAPI

from mediastack.core.roles import Role
from tests.support.services import RunningService, clear_mediastack_env, running_service


@pytest.fixture(scope="module")
def tv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    with running_service(Role.TV, tmp_path_factory.mktemp("tv")) as svc:
        yield svc
    os.environ.update(saved)


@pytest.fixture
def sonarr(tv: RunningService) -> SonarrAPI:
    return SonarrAPI(tv.url, tv.api_key)


def test_tags_round_trip(sonarr: SonarrAPI, tv: RunningService) -> None:
    created = sonarr.create_tag("Kids")
    assert created["label"] == "kids" and isinstance(created["id"], int)
    assert sonarr.create_tag("kids")["id"] == created["id"]  # re-adding returns the same tag
    assert {"id": created["id"], "label": "kids"} in sonarr.get_tag()
    assert sonarr.upd_tag(created["id"], "family")["label"] == "family"
    detail = sonarr.get_tag_detail(created["id"])
    assert detail["seriesIds"] == [] and detail["downloadClientIds"] == []
    sonarr.del_tag(created["id"])
    assert all(t["id"] != created["id"] for t in sonarr.get_tag())
    empty = httpx.post(
        f"{tv.url}/api/v3/tag", json={"label": "  "}, headers={"X-Api-Key": tv.api_key}
    )
    assert empty.status_code == 400
    assert empty.json()[0]["propertyName"] == "label"  # the originals' validation array


def test_root_folders(sonarr: SonarrAPI, tv: RunningService, tmp_path: Path) -> None:
    folders = sonarr.get_root_folder()
    default = tv.settings.media_dir / "tv"
    assert [f["path"] for f in folders] == [str(default.resolve())]  # the role's media folder
    (default / "Existing Show").mkdir()
    listed = sonarr.get_root_folder(folders[0]["id"])
    assert listed["accessible"] is True and listed["freeSpace"] > 0
    assert [u["name"] for u in listed["unmappedFolders"]] == ["Existing Show"]

    extra = tmp_path / "more-tv"
    extra.mkdir()
    added = sonarr.add_root_folder(str(extra))
    assert added["path"] == str(extra.resolve())
    sonarr.del_root_folder(added["id"])

    for bad, message in (
        (str(tmp_path / "missing"), "does not exist"),
        ("relative/path", "absolute"),
    ):
        answer = httpx.post(
            f"{tv.url}/api/v3/rootfolder", json={"path": bad}, headers={"X-Api-Key": tv.api_key}
        )
        assert answer.status_code == 400 and message in answer.json()[0]["errorMessage"]


def test_commands_are_queued_run_and_polled(sonarr: SonarrAPI, tv: RunningService) -> None:
    queued = sonarr.post_command("housekeeping")  # type: ignore[arg-type]
    assert queued["name"] == "Housekeeping" and queued["status"] in (
        "queued",
        "started",
        "completed",
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = sonarr.get_command(queued["id"])
        if state["status"] == "completed":
            break
        time.sleep(0.05)
    assert state["status"] == "completed" and state["result"] == "successful"
    assert state["message"].startswith("Removed 0 finished commands")
    assert any(c["id"] == queued["id"] for c in sonarr.get_command())
    unknown = httpx.post(
        f"{tv.url}/api/v3/command",
        json={"name": "NoSuchCommand"},
        headers={"X-Api-Key": tv.api_key},
    )
    assert unknown.status_code == 400
    missing = httpx.get(f"{tv.url}/api/v3/command/999999", headers={"X-Api-Key": tv.api_key})
    assert missing.status_code == 404


def test_scheduled_tasks_are_listed(tv: RunningService) -> None:
    tasks = httpx.get(f"{tv.url}/api/v3/system/task", headers={"X-Api-Key": tv.api_key}).json()
    housekeeping = next(t for t in tasks if t["taskName"] == "Housekeeping")
    assert housekeeping["interval"] == 24 * 60 and housekeeping["nextExecution"]


def test_radarr_flavour_names_movies(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.MOVIES, tmp_path) as svc:
            radarr = RadarrAPI(svc.url, svc.api_key)
            tag = radarr.create_tag("4k")
            assert "movieIds" in radarr.get_tag_detail(tag["id"])
            assert radarr.get_root_folder()[0]["path"].endswith("movies")
    finally:
        os.environ.update(saved)


def test_health_reports_low_free_space(tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.TV, tmp_path, health={"min_free_space_mb": 2**40}) as svc:
            health = SonarrAPI(svc.url, svc.api_key).get_health()
            free = [h for h in health if h["source"] == "FreeSpaceCheck"]
            assert free and all(h["type"] == "warning" for h in free)
    finally:
        os.environ.update(saved)


def test_health_reports_unreachable_clients_and_missing_indexers(tmp_path: Path) -> None:
    from tests.support.services import free_port

    dead = free_port()  # nothing listens here
    saved = clear_mediastack_env()
    try:
        links = [
            {
                "name": "gone torrent",
                "implementation": "QBittorrent",
                "host": "127.0.0.1",
                "port": dead,
                "username": "admin",
                "password": "x",
                "category": "tv",
            }
        ]
        with running_service(Role.TV, tmp_path, provision={"download_clients": links}) as svc:
            health = SonarrAPI(svc.url, svc.api_key).get_health()
            by_source = {h["source"]: h for h in health}
            assert by_source["DownloadClientCheck"]["type"] == "error"
            assert "gone torrent" in by_source["DownloadClientCheck"]["message"]
            assert by_source["IndexerRssCheck"]["type"] == "warning"
            assert by_source["IndexerSearchCheck"]["type"] == "warning"
            schema = httpx.get(
                f"{svc.url}/api/v3/indexer/schema", headers={"X-Api-Key": svc.api_key}
            ).json()
            newznab = next(s for s in schema if s["implementation"] == "Newznab")
            for field in newznab["fields"]:
                if field["name"] == "baseUrl":
                    field["value"] = f"http://127.0.0.1:{dead}"
            newznab["name"] = "Gone indexer"
            added = httpx.post(
                f"{svc.url}/api/v3/indexer",
                params={"forceSave": "true"},
                json=newznab,
                headers={"X-Api-Key": svc.api_key},
            )
            assert added.status_code == 201, added.text
            health = SonarrAPI(svc.url, svc.api_key).get_health()
            by_source = {h["source"]: h for h in health}
            assert "Gone indexer" in by_source["IndexerStatusCheck"]["message"]
            assert "IndexerRssCheck" not in by_source
    finally:
        os.environ.update(saved)
