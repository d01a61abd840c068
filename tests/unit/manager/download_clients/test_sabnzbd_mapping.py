"""SABnzbd queue/history -> items, on JSON built from SABnzbd's field lists.

The payloads use SABnzbd's real types: sizes in MB as strings, ``timeleft`` text,
priorities by name, ``storage`` pointing at the job folder or at a file inside it.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import pytest

from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    DownloadClientError,
    DownloadItemStatus,
)
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    RemotePathMapping,
)
from mediastack.manager.download_clients.sabnzbd.client import (
    DISK_FULL,
    MSG_ENCRYPTED,
    _belongs,
    category_paths,
    map_history,
    map_queue,
    parse_sabnzbd_version,
    parse_timeleft,
)
from mediastack.manager.download_clients.sabnzbd.models import (
    SabnzbdConfig,
    SabnzbdConfigMisc,
    SabnzbdHistory,
    SabnzbdQueue,
)
from mediastack.manager.download_clients.sabnzbd.proxy import check_response
from mediastack.manager.download_clients.sabnzbd.settings import SabnzbdPriority, SabnzbdSettings

S = DownloadItemStatus
MB = 1024 * 1024


def queue_slot(**over: Any) -> dict[str, Any]:
    slot: dict[str, Any] = {
        "index": 0,
        "nzo_id": "SABnzbd_nzo_p86tgx",
        "unpackopts": "3",
        "priority": "Normal",
        "script": "None",
        "filename": "Show.Name.S01E02.1080p.WEB.h264-GRP",
        "labels": [],
        "password": "",
        "cat": "tv",
        "mbleft": "1277.65",
        "mb": "1277.76",
        "size": "1.2 GB",
        "sizeleft": "1.2 GB",
        "percentage": "0",
        "mbmissing": "0.0",
        "direct_unpack": None,
        "status": "Downloading",
        "timeleft": "0:16:44",
        "avg_age": "2895d",
    }
    return slot | over


def queue(*slots: dict[str, Any], paused: bool = False) -> SabnzbdQueue:
    return SabnzbdQueue.model_validate(
        {"status": "Downloading", "paused": paused, "noofslots": len(slots), "slots": list(slots)}
    )


def history_slot(**over: Any) -> dict[str, Any]:
    slot: dict[str, Any] = {
        "action_line": "",
        "duplicate_key": "show name/1x2",
        "meta": None,
        "fail_message": "",
        "loaded": False,
        "size": "2.3 GB",
        "category": "tv",
        "pp": "D",
        "retry": 0,
        "script": "None",
        "nzb_name": "Show.Name.S01E02.1080p.WEB.h264-GRP.nzb",
        "download_time": 64,
        "storage": "/downloads/usenet/tv/Show.Name.S01E02.1080p.WEB.h264-GRP",
        "has_rating": False,
        "status": "Completed",
        "script_line": "",
        "completed": 1695000000,
        "nzo_id": "SABnzbd_nzo_sdkoun",
        "downloaded": 2436906376,
        "report": "",
        "password": "",
        "path": "/downloads/usenet/incomplete/Show.Name.S01E02.1080p.WEB.h264-GRP",
        "postproc_time": 40,
        "name": "Show.Name.S01E02.1080p.WEB.h264-GRP",
        "url": "Show.Name.S01E02.1080p.WEB.h264-GRP.nzb",
        "md5sum": "d2c16aeecbc1b1921d04422850e93013",
        "bytes": 2436906376,
        "url_info": "",
        "stage_log": [],
    }
    return slot | over


def history(*slots: dict[str, Any]) -> SabnzbdHistory:
    return SabnzbdHistory.model_validate({"noofslots": len(slots), "slots": list(slots)})


def _hist(*slots: dict[str, Any], mapper: RemotePathMapper | None = None) -> list[Any]:
    return map_history(history(*slots), host="sabnzbd", mapper=mapper or RemotePathMapper())


# ---------------------------------------------------------------- timeleft


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:16:44", 16 * 60 + 44),
        ("0:00:00", 0),
        ("25:01:02", 25 * 3600 + 62),  # hours beyond a day, no day field
        ("1:2:03:04", 86400 + 2 * 3600 + 3 * 60 + 4),
        ("", None),
        ("unknown", None),
        ("1:2", None),
    ],
)
def test_timeleft(text: str, seconds: float | None) -> None:
    assert parse_timeleft(text) == seconds


# ---------------------------------------------------------------- queue


def test_downloading_slot() -> None:
    [item] = map_queue(queue(queue_slot()))
    assert item.download_id == "SABnzbd_nzo_p86tgx"
    assert item.status is S.DOWNLOADING
    assert item.total_size == int(1277.76 * MB) and item.remaining_size == int(1277.65 * MB)
    assert item.remaining_time == 16 * 60 + 44
    assert item.category == "tv" and item.protocol == "usenet"
    assert item.can_be_removed and item.can_move_files


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Queued", S.QUEUED),
        ("Grabbing", S.QUEUED),
        ("Propagating", S.QUEUED),
        ("Paused", S.PAUSED),
        ("Downloading", S.DOWNLOADING),
        ("Fetching", S.DOWNLOADING),
        ("Checking", S.DOWNLOADING),
        ("QuickCheck", S.DOWNLOADING),
    ],
)
def test_queue_statuses(status: str, expected: DownloadItemStatus) -> None:
    [item] = map_queue(queue(queue_slot(status=status)))
    assert item.status is expected


def test_paused_queue_pauses_all_but_forced_jobs() -> None:
    items = map_queue(
        queue(
            queue_slot(nzo_id="a", priority="Normal"),
            queue_slot(nzo_id="b", priority="Force"),
            paused=True,
        )
    )
    assert [i.status for i in items] == [S.PAUSED, S.DOWNLOADING]
    assert items[0].remaining_time is None


def test_numeric_priorities_of_old_versions() -> None:
    parsed = queue(queue_slot(priority="2"), paused=True)
    assert parsed.slots[0].priority == "Force"
    assert map_queue(parsed)[0].status is S.DOWNLOADING


def test_encrypted_prefix_is_stripped_and_warns() -> None:
    [item] = map_queue(queue(queue_slot(filename="ENCRYPTED / Show.S01E02-GRP")))
    assert item.title == "Show.S01E02-GRP"
    assert item.is_encrypted and item.status is S.WARNING and item.message == MSG_ENCRYPTED


def test_deleted_slots_are_skipped() -> None:
    assert map_queue(queue(queue_slot(status="Deleted"))) == []
    assert _hist(history_slot(status="Deleted")) == []


# ---------------------------------------------------------------- history


def test_completed_history_slot() -> None:
    [item] = _hist(history_slot())
    assert item.status is S.COMPLETED
    assert item.total_size == 2436906376 and item.remaining_size == 0
    assert item.remaining_time == 0
    assert item.output_path == PurePosixPath(
        "/downloads/usenet/tv/Show.Name.S01E02.1080p.WEB.h264-GRP"
    )


def test_storage_naming_a_file_resolves_to_the_job_folder() -> None:
    storage = "/downloads/usenet/tv/Show.Name.S01E02.1080p.WEB.h264-GRP/sub/episode.mkv"
    [item] = _hist(history_slot(storage=storage))
    assert item.output_path == PurePosixPath(
        "/downloads/usenet/tv/Show.Name.S01E02.1080p.WEB.h264-GRP"
    )


@pytest.mark.parametrize(
    ("status", "fail_message", "expected"),
    [
        ("Failed", "Aborted, cannot be completed", S.FAILED),
        ("Failed", DISK_FULL, S.WARNING),
        ("Failed", DISK_FULL.upper(), S.WARNING),
        ("Verifying", "", S.DOWNLOADING),
        ("Repairing", "", S.DOWNLOADING),
        ("Extracting", "", S.DOWNLOADING),
        ("Moving", "", S.DOWNLOADING),
        ("Running", "", S.DOWNLOADING),
        ("Queued", "", S.DOWNLOADING),
    ],
)
def test_history_statuses(status: str, fail_message: str, expected: DownloadItemStatus) -> None:
    [item] = _hist(history_slot(status=status, fail_message=fail_message))
    assert item.status is expected
    assert item.message == (fail_message or None)


def test_failed_job_without_storage_has_no_output_path() -> None:
    [item] = _hist(history_slot(status="Failed", fail_message="x", storage=None))
    assert item.output_path is None


def test_windows_storage_is_remapped() -> None:
    mapper = RemotePathMapper([RemotePathMapping("sabnzbd", "D:\\Usenet\\complete", "/mnt/usenet")])
    storage = "D:\\Usenet\\complete\\tv\\Show.Name.S01E02.1080p.WEB.h264-GRP"
    [item] = _hist(history_slot(storage=storage), mapper=mapper)
    assert item.output_path == PurePosixPath("/mnt/usenet/tv/Show.Name.S01E02.1080p.WEB.h264-GRP")


def test_category_filter() -> None:
    assert _belongs("tv", "tv") and not _belongs("movies", "tv")
    assert _belongs("*", "") and not _belongs("tv", "")


# ---------------------------------------------------------------- config, version, errors


def test_category_paths_and_retention() -> None:
    config = SabnzbdConfig.model_validate(
        {
            "misc": {
                "complete_dir": "/downloads/usenet",
                "tv_categories": "tv, anime",  # older versions: comma string
                "enable_tv_sorting": "0",
                "history_retention_option": "all",
            },
            "categories": [
                {"name": "*", "dir": "", "pp": "3", "script": "None", "priority": 0},
                {"name": "tv", "dir": "tv", "pp": "", "script": "Default", "priority": -100},
                {"name": "movies", "dir": "/mnt/movies*", "priority": -100},
            ],
            "sorters": [],
        }
    )
    paths = category_paths(config, config.misc.complete_dir)
    assert paths["*"] == PurePosixPath("/downloads/usenet")
    assert paths["tv"] == PurePosixPath("/downloads/usenet/tv")
    assert paths["movies"] == PurePosixPath("/mnt/movies")
    assert config.misc.tv_categories == ["tv", "anime"]
    assert config.misc.removes_completed_downloads is False
    windows = category_paths(config, "C:\\SAB\\complete")
    assert windows["tv"] == PureWindowsPath("C:/SAB/complete/tv")


@pytest.mark.parametrize(
    ("misc", "removes"),
    [
        ({"history_retention_option": "all"}, False),
        ({"history_retention_option": "number-delete", "history_retention_number": 10}, True),
        ({"history_retention_option": "days-archive", "history_retention_number": 7}, True),
        ({"history_retention": ""}, False),
        ({"history_retention": "0"}, False),
        ({"history_retention": "30d"}, True),
    ],
)
def test_removes_completed_downloads(misc: dict[str, Any], removes: bool) -> None:
    assert SabnzbdConfigMisc.model_validate(misc).removes_completed_downloads is removes


def test_version_parsing() -> None:
    assert parse_sabnzbd_version("4.5.1") == (4, 5, 1)
    assert parse_sabnzbd_version("3.0.x") == (3, 0, 0)
    assert parse_sabnzbd_version("4.0.0RC2") == (4, 0, 0)
    assert parse_sabnzbd_version("develop") is None


def test_error_shapes() -> None:
    with pytest.raises(DownloadClientAuthenticationError):
        check_response("API Key Incorrect")
    with pytest.raises(DownloadClientAuthenticationError):
        check_response("error: API Key Required\n")
    with pytest.raises(DownloadClientAuthenticationError):
        check_response('{"status": false, "error": "API Key Incorrect"}')
    with pytest.raises(DownloadClientError, match="not implemented"):
        check_response('{"status": false, "error": "not implemented"}')
    assert check_response('{"version": "4.5.1"}') == {"version": "4.5.1"}
    assert check_response("ok\n") == "ok"


def test_settings_from_stored_fields() -> None:
    settings = SabnzbdSettings.from_fields(
        {
            "host": "sabnzbd",
            "port": 8080,
            "apiKey": "k" * 32,
            "movieCategory": "movies",
            "olderPriority": -1,
        },
        "movieCategory",
    )
    assert settings.category == "movies"
    assert settings.older_priority is SabnzbdPriority.LOW
    assert settings.recent_priority is SabnzbdPriority.DEFAULT
    assert settings.base_url("api") == "http://sabnzbd:8080/api"
