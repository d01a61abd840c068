"""The TV import path against a running service, with real files on disk."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import httpx
import pytest

from mediastack.manager.download_clients.base import DownloadClientItem, DownloadItemStatus
from mediastack.manager.history import (
    HistoryEventType,
    HistoryFilter,
    HistoryStore,
    NewHistoryEvent,
)
from mediastack.manager.importing import ImportResult
from mediastack.manager.importing.importer import Importer
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.quality import QualityProfile, by_name
from mediastack.manager.quality.layout import cutoff_key, schema_items
from tests.integration.tv.conftest import GOT_TVDB, wait_command
from tests.support.services import RunningService

Q = ["HDTV-720p", "WEBDL-1080p", "Bluray-1080p"]


def make_file(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(64) + b"\0" * (size - 64))
    old = time.time() - 3600
    os.utime(path, (old, old))
    return path


@pytest.fixture
def got(api: httpx.Client, root: Path, tv: RunningService) -> Iterator[dict[str, Any]]:
    profiles = tv.ctx.extras["quality_profiles"]
    name = f"import-{time.monotonic_ns()}"
    items = schema_items("sonarr", frozenset(Q))
    record = profiles.add(
        QualityProfile(name, items, cutoff_key(items, by_name("sonarr", "Bluray-1080p")))
    )
    body = {
        "tvdbId": GOT_TVDB,
        "title": "Game of Thrones",
        "qualityProfileId": record.id,
        "rootFolderPath": str(root),
        "monitored": True,
        "seasonFolder": True,
    }
    response = api.put("/config/naming", json={"renameEpisodes": True})
    assert response.status_code == 202, response.text
    added = api.post("/series", json=body)
    assert added.status_code == 201, added.text
    yield added.json()
    api.delete(f"/series/{added.json()['id']}", params={"deleteFiles": "true"})


def importer(tv: RunningService) -> Importer[Any, Any]:
    found = tv.ctx.extras["importer"]
    assert isinstance(found, Importer)
    return found


def episodes(api: httpx.Client, series_id: int) -> dict[tuple[int, int], dict[str, Any]]:
    return {
        (e["seasonNumber"], e["episodeNumber"]): e
        for e in api.get("/episode", params={"seriesId": series_id}).json()
    }


def grab(
    tv: RunningService, series: dict[str, Any], eps: list[dict[str, Any]], title: str, did: str
) -> list[Any]:
    return HistoryStore(tv.ctx.database).add(
        NewHistoryEvent(HistoryEventType.GRABBED, series["id"], e["id"], title, download_id=did)
        for e in eps
    )


def complete(
    tv: RunningService, path: Path, did: str, protocol: str, grabbed: list[Any]
) -> ImportResult:
    item = DownloadClientItem(
        download_id=did,
        title=path.name,
        category="tv",
        total_size=1,
        remaining_size=0,
        remaining_time=0,
        status=DownloadItemStatus.COMPLETED,
        output_path=PurePath(path),
        can_move_files=protocol == "usenet",
        client_name="qBittorrent" if protocol == "torrent" else "SABnzbd",
        protocol=protocol,  # type: ignore[arg-type]
    )
    return asyncio.run(importer(tv).import_completed_download(item, grabbed))


def test_torrent_hardlinked_sample_and_nfo_skipped_rerun_idempotent(
    tv: RunningService, api: httpx.Client, got: dict[str, Any]
) -> None:
    title = "Game.of.Thrones.S01E01.720p.HDTV.x264-GRP"
    folder = tv.settings.downloads_dir / "torrents" / "tv" / title
    main = make_file(folder / f"{title}.mkv", 200_000)
    make_file(folder / "Sample" / f"{title}-sample.mkv", 20_000)
    (folder / f"{title}.nfo").write_text("info")
    eps = episodes(api, got["id"])
    grabbed = grab(tv, got, [eps[(1, 1)]], title, "HASH1")
    result = complete(tv, folder, "HASH1", "torrent", grabbed)
    assert result.all_imported, result.messages()
    [done] = result.imported
    dest = Path(done.destination)
    assert dest.parent == Path(got["path"]) / "Season 1"
    assert dest.name.startswith("Game of Thrones - S01E01 - Winter is Coming HDTV-720p")
    assert dest.stat().st_ino == main.stat().st_ino and main.exists() and done.hardlinked
    assert [r.rejections[0].reason for r in result.rejected] == ["Sample"]
    episode = api.get(f"/episode/{eps[(1, 1)]['id']}").json()
    assert episode["hasFile"] is True
    files = api.get("/episodefile", params={"seriesId": got["id"]}).json()
    assert [f["relativePath"] for f in files] == [f"Season 1/{dest.name}"]
    assert files[0]["releaseGroup"] == "GRP" and files[0]["sceneName"] == title
    [event] = HistoryStore(tv.ctx.database).find(
        HistoryFilter(event_types=[HistoryEventType.DOWNLOAD_FOLDER_IMPORTED], download_id="HASH1")
    )
    assert event.data["importedPath"] == str(dest) and event.data["droppedPath"] == str(main)
    assert event.data["downloadClientName"] == "qBittorrent"
    again = complete(tv, folder, "HASH1", "torrent", grabbed)  # the tracker polls again
    assert again.all_imported and not again.imported
    assert len(api.get("/episodefile", params={"seriesId": got["id"]}).json()) == 1


def test_usenet_upgrade_moves_recycles_and_lower_quality_is_rejected(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], tmp_path: Path
) -> None:
    recycle = tmp_path / "recycle"
    recycle.mkdir()
    assert api.put("/config/mediamanagement", json={"recycleBin": str(recycle)}).status_code == 202
    eps = episodes(api, got["id"])
    usenet = tv.settings.downloads_dir / "usenet" / "complete" / "tv"
    first = "Game.of.Thrones.S01E02.720p.HDTV.x264-GRP"
    make_file(usenet / first / f"{first}.mkv", 100_000)
    grabbed = grab(tv, got, [eps[(1, 2)]], first, "SAB1")
    assert complete(tv, usenet / first, "SAB1", "usenet", grabbed).all_imported
    better = "Game.of.Thrones.S01E02.1080p.BluRay.x264-HiQ"
    source = make_file(usenet / better / f"{better}.mkv", 150_000)
    grabbed = grab(tv, got, [eps[(1, 2)]], better, "SAB2")
    result = complete(tv, usenet / better, "SAB2", "usenet", grabbed)
    assert result.all_imported, result.messages()
    [done] = result.imported
    assert not source.exists() and Path(done.destination).exists() and done.moved
    assert "Bluray-1080p" in Path(done.destination).name
    [old] = done.replaced
    # the bin keeps the file's place below the series folder, as the originals do
    in_bin = recycle / "Game of Thrones" / Path(old).parent.name / Path(old).name
    assert Path(old).parent.name.startswith("Season ")
    assert not Path(old).exists() and in_bin.exists()
    deleted = HistoryStore(tv.ctx.database).find(
        HistoryFilter(event_types=[HistoryEventType.FILE_DELETED], download_id="SAB2")
    )
    assert deleted and deleted[0].data["reason"] == "Upgrade"
    assert deleted[0].data["recycleBinPath"].startswith(str(recycle))
    worse = "Game.of.Thrones.S01E02.720p.HDTV.x264-LOW"
    make_file(usenet / worse / f"{worse}.mkv", 100_000)
    grabbed = grab(tv, got, [eps[(1, 2)]], worse, "SAB3")
    refused = complete(tv, usenet / worse, "SAB3", "usenet", grabbed)
    assert not refused.all_imported and not refused.imported
    [reason] = [r.reason for f in refused.rejected for r in f.rejections]
    assert reason.startswith("Not an upgrade for existing file(s)")
    assert "Existing quality: Bluray-1080p. New quality: HDTV-720p." in reason
    api.put("/config/mediamanagement", json={"recycleBin": ""})


def test_season_pack_with_multi_episode_file(
    tv: RunningService, api: httpx.Client, got: dict[str, Any]
) -> None:
    pack = "Game.of.Thrones.S02.720p.HDTV.x264-GRP"
    folder = tv.settings.downloads_dir / "torrents" / "tv" / pack
    make_file(folder / "Game.of.Thrones.S02E01E02.720p.HDTV.x264-GRP.mkv", 200_000)
    make_file(folder / "Game.of.Thrones.S02E03.720p.HDTV.x264-GRP.mkv", 100_000)
    eps = episodes(api, got["id"])
    season2 = [e for (s, _), e in eps.items() if s == 2]
    result = complete(tv, folder, "PACK", "torrent", grab(tv, got, season2, pack, "PACK"))
    assert result.all_imported and len(result.imported) == 2, result.messages()
    names = sorted(Path(i.destination).name for i in result.imported)
    assert names[0].startswith("Game of Thrones - S02E01-E02 - ")
    after = episodes(api, got["id"])
    assert after[(2, 1)]["episodeFileId"] == after[(2, 2)]["episodeFileId"] != 0
    assert after[(2, 3)]["hasFile"] and not after[(2, 4)]["hasFile"]


def test_hostile_paths_are_refused(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], tmp_path: Path
) -> None:
    outside = make_file(tmp_path / "secret" / "Game.of.Thrones.S01E03.720p.HDTV.x264-X.mkv", 50_000)
    escape = tv.settings.downloads_dir / "torrents" / ".." / ".." / ".." / "etc"
    result = complete(tv, escape, "EVIL1", "torrent", [])
    assert not result.all_imported and result.errors
    folder = tv.settings.downloads_dir / "torrents" / "tv" / "Game.of.Thrones.S01E03.720p-X"
    folder.mkdir(parents=True)
    (folder / "Game.of.Thrones.S01E03.720p.HDTV.x264-X.mkv").symlink_to(outside)
    (folder / "linked").symlink_to(outside.parent)
    result = complete(tv, folder, "EVIL2", "torrent", [])
    assert not result.imported
    assert {r.rejections[0].reason for r in result.rejected} == {"Symbolic links are not imported"}
    assert not episodes(api, got["id"])[(1, 3)]["hasFile"]
    link = tv.settings.downloads_dir / "torrents" / "tv" / "link-to-secret"
    link.symlink_to(outside.parent)
    assert complete(tv, link, "EVIL3", "torrent", []).errors


def test_crash_between_placement_and_database_converges(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Game.of.Thrones.S01E04.720p.HDTV.x264-GRP"
    folder = tv.settings.downloads_dir / "usenet" / "complete" / "tv" / title
    source = make_file(folder / f"{title}.mkv", 120_000)
    eps = episodes(api, got["id"])
    grabbed = grab(tv, got, [eps[(1, 4)]], title, "CRASH")

    def power_cut(self: Importer[Any, Any], journal_id: int, record: ImportRecord) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(Importer, "commit", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        complete(tv, folder, "CRASH", "usenet", grabbed)
    assert not source.exists()  # moved into place, whole
    placed = list((Path(got["path"]) / "Season 1").glob("*S01E04*"))
    assert len(placed) == 1 and placed[0].stat().st_size == 120_000
    assert not list(Path(got["path"]).rglob(".mediastack-partial-*"))
    assert not episodes(api, got["id"])[(1, 4)]["hasFile"]  # the old state
    monkeypatch.undo()
    assert importer(tv).recover() == 1  # the next run finishes the journal
    assert episodes(api, got["id"])[(1, 4)]["hasFile"]
    assert complete(tv, folder, "CRASH", "usenet", grabbed).errors  # nothing left to import
    assert len(api.get("/episodefile", params={"seriesId": got["id"]}).json()) == 1


def test_manual_import_lists_rejections_and_imports_a_chosen_file(
    tv: RunningService, api: httpx.Client, got: dict[str, Any]
) -> None:
    drop = tv.settings.downloads_dir / "manual" / "stuff"
    make_file(drop / "Game.of.Thrones.S01E05.720p.HDTV.x264-GRP.mkv", 100_000)
    make_file(drop / "mystery.file.720p.mkv", 100_000)
    listed = api.get("/manualimport", params={"folder": str(drop)})
    assert listed.status_code == 200, listed.text
    by_name_ = {Path(i["path"]).name: i for i in listed.json()}
    assert by_name_["Game.of.Thrones.S01E05.720p.HDTV.x264-GRP.mkv"]["rejections"] == []
    mystery = by_name_["mystery.file.720p.mkv"]
    assert {"reason": "Unknown Series", "type": "permanent"} in mystery["rejections"]
    eps = episodes(api, got["id"])
    chosen = {
        "path": mystery["path"],
        "seriesId": got["id"],
        "episodeIds": [eps[(1, 6)]["id"]],
        "quality": {"quality": {"id": 0, "name": "WEBDL-1080p"}, "revision": {"version": 1}},
    }
    reprocessed = api.post("/manualimport", json=[chosen]).json()
    assert (
        reprocessed[0]["rejections"] == [] and reprocessed[0]["episodes"][0]["episodeNumber"] == 6
    )
    command = api.post(
        "/command", json={"name": "ManualImport", "files": [chosen], "importMode": "copy"}
    ).json()
    state = wait_command(api, command)
    assert state["status"] == "completed", state
    after = episodes(api, got["id"])
    assert after[(1, 6)]["hasFile"] and not after[(1, 5)]["hasFile"]
    [file] = api.get("/episodefile", params={"seriesId": got["id"]}).json()
    assert file["relativePath"].endswith("WEBDL-1080p.mkv")


def test_downloaded_episodes_scan_command(
    tv: RunningService, api: httpx.Client, got: dict[str, Any]
) -> None:
    title = "Game.of.Thrones.S01E07.720p.HDTV.x264-GRP"
    folder = tv.settings.downloads_dir / "usenet" / "complete" / "tv" / title
    source = make_file(folder / f"{title}.mkv", 100_000)
    command = api.post(
        "/command",
        json={"name": "DownloadedEpisodesScan", "path": str(folder), "importMode": "Move"},
    ).json()
    state = wait_command(api, command)
    assert state["status"] == "completed", state
    assert not source.exists() and episodes(api, got["id"])[(1, 7)]["hasFile"]


def test_naming_config_examples_and_colon_replacement(api: httpx.Client) -> None:
    saved = api.get("/config/naming").json()
    assert saved["standardEpisodeFormat"].startswith("{Series Title} - S{season:00}E{episode:00}")
    base = api.get("/config/naming/examples").json()
    assert base["singleEpisodeExample"].startswith("The Series Title's! - S01E01 - ")
    changed = api.put(
        "/config/naming",
        json={
            **saved,
            "standardEpisodeFormat": "{Series.Title}.{season}x{episode:00}{.Quality.Title}",
        },
    )
    assert changed.status_code == 202, changed.text
    now = api.get("/config/naming/examples").json()
    assert now["singleEpisodeExample"] == "The.Series.Title's!.1x01.WEBDL-1080p.mkv"
    preview = api.get(
        "/config/naming/examples",
        params={"seriesFolderFormat": "{Series Title}: {Series Year}", "colonReplacementFormat": 0},
    ).json()
    assert preview["seriesFolderExample"] == "The Series Title's! 2010"
    smart = api.get(
        "/config/naming/examples",
        params={"seriesFolderFormat": "{Series Title}: {Series Year}", "colonReplacementFormat": 4},
    ).json()
    assert smart["seriesFolderExample"] == "The Series Title's! - 2010"
    bad = api.put(
        "/config/naming", json={**saved, "renameEpisodes": True, "seasonFolderFormat": "x"}
    )
    assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "seasonFolderFormat"
    assert api.put("/config/naming", json=saved).status_code == 202
    media = api.get("/config/mediamanagement").json()
    assert media["copyUsingHardlinks"] is True and media["episodeTitleRequired"] == "always"
    wrong = api.put("/config/mediamanagement", json={**media, "minimumFreeSpaceWhenImporting": 5})
    assert wrong.status_code == 400
    assert wrong.json()[0]["propertyName"] == "minimumFreeSpaceWhenImporting"
