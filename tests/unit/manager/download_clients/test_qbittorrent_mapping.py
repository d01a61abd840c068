"""qBittorrent torrents -> items, on the real qBittorrent 4.5.2 responses in shared/data.

The recorded ``torrents/info`` entries are fed to the mapping unchanged; states the
recording could not capture (error, missingFiles, the 5.x ``stopped*`` names...) are made
by changing only the ``state`` of a recorded entry.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from mediastack.manager.download_clients.base import DownloadItemStatus
from mediastack.manager.download_clients.qbittorrent.client import (
    MSG_NO_DHT,
    MSG_PATH_IS_SAVE_PATH,
    magnet_info_hash,
    map_state,
    map_torrent,
    remaining_seconds,
    seed_goal_reached,
    torrent_info_hash,
)
from mediastack.manager.download_clients.qbittorrent.models import (
    QBittorrentCategory,
    QBittorrentPreferences,
    QBittorrentTorrent,
)
from mediastack.manager.download_clients.qbittorrent.proxy import QBittorrentProxy, parse_version
from mediastack.manager.download_clients.qbittorrent.settings import (
    QBittorrentContentLayout,
    QBittorrentPriority,
    QBittorrentSettings,
    QBittorrentState,
)
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    RemotePathMapping,
)

REPO = Path(__file__).resolve().parents[4]
RECORDED = REPO.parent / "shared" / "data" / "qbittorrent-webapi"
NOW = 1795492600.0

S = DownloadItemStatus
EXPECTED: dict[str, DownloadItemStatus] = {
    # captured by the recording
    "queuedDL": S.QUEUED,
    "metaDL": S.WARNING,  # the recording ran with DHT off
    "pausedDL": S.PAUSED,
    "stalledDL": S.WARNING,
    "stalledUP": S.COMPLETED,
    "queuedUP": S.COMPLETED,
    "forcedDL": S.DOWNLOADING,
    "forcedUP": S.COMPLETED,
    "pausedUP": S.COMPLETED,
    "uploading": S.COMPLETED,
    # not captured (need a real file error, a move, or qBittorrent 5): state swapped in
    "error": S.WARNING,
    "missingFiles": S.WARNING,
    "stoppedUP": S.COMPLETED,
    "stoppedDL": S.PAUSED,
    "checkingUP": S.QUEUED,
    "checkingDL": S.QUEUED,
    "checkingResumeData": S.QUEUED,
    "forcedMetaDL": S.WARNING,
    "downloading": S.DOWNLOADING,
    "moving": S.DOWNLOADING,
}


def _load(name: str) -> list[dict[str, Any]]:
    path = RECORDED / name
    if not path.exists():
        pytest.skip(f"recorded qBittorrent responses not found at {RECORDED}")
    return list(json.loads(path.read_text()))


def recorded_torrents() -> list[tuple[str, dict[str, Any]]]:
    if not RECORDED.exists():
        return []
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(RECORDED.glob("torrents_info*.json")):
        for exchange in json.loads(path.read_text()):
            body = exchange["response"]["body"]
            if exchange["response"]["status"] == 200 and isinstance(body, list):
                found += [(f"{path.stem}:{t['name']}:{t['state']}", t) for t in body]
    return found


RECORDED_TORRENTS = recorded_torrents()


@pytest.fixture(scope="module")
def prefs() -> QBittorrentPreferences:
    exchanges = _load("app_preferences.json")
    body = next(e["response"]["body"] for e in exchanges if e["response"]["status"] == 200)
    return QBittorrentPreferences.model_validate(body)


@pytest.fixture(scope="module")
def api_version() -> tuple[int, ...]:
    exchanges = _load("app_webapiVersion.json")
    return parse_version(
        next(e["response"]["body"] for e in exchanges if e["response"]["status"] == 200)
    )


def _map(
    torrent: QBittorrentTorrent,
    prefs: QBittorrentPreferences,
    version: tuple[int, ...] = (2, 8, 19),
    mapper: RemotePathMapper | None = None,
) -> Any:
    return map_torrent(
        torrent,
        prefs=prefs,
        api_version=version,
        host="localhost",
        mapper=mapper or RemotePathMapper(),
        now=NOW,
    )


def test_recording_is_present_and_covers_states() -> None:
    if not RECORDED.exists():
        pytest.skip("no recording")
    states = {t["state"] for _, t in RECORDED_TORRENTS}
    assert states >= {"queuedDL", "metaDL", "pausedDL", "stalledDL", "stalledUP", "pausedUP"}
    assert states <= set(EXPECTED), f"a recorded state has no expectation: {states - set(EXPECTED)}"


@pytest.mark.parametrize(("label", "raw"), RECORDED_TORRENTS, ids=[i for i, _ in RECORDED_TORRENTS])
def test_every_recorded_torrent_maps(
    label: str, raw: dict[str, Any], prefs: QBittorrentPreferences, api_version: tuple[int, ...]
) -> None:
    torrent = QBittorrentTorrent.model_validate(raw)
    item = _map(torrent, prefs, api_version)
    assert item.status is EXPECTED[raw["state"]]
    assert item.download_id == raw["hash"].lower() and len(item.download_id) == 40
    assert item.title == raw["name"]
    assert item.category == raw["category"]
    assert item.total_size == raw["size"]
    assert item.remaining_size == int(raw["size"] * (1 - raw["progress"]))
    if item.status is S.COMPLETED:
        assert item.remaining_time == 0  # even though eta counts towards the seed goal
    elif raw["eta"] == 8640000:
        assert item.remaining_time is None
    if raw["content_path"]:
        assert item.output_path == PurePosixPath(raw["content_path"])
    else:
        assert item.output_path is None  # magnet without metadata yet
    # Only a stopped torrent whose goal is met may be removed; none of these is.
    assert item.can_be_removed is False and item.can_move_files is False


@pytest.mark.parametrize("state", sorted(EXPECTED))
def test_state_names_of_4x_and_5x(state: str, prefs: QBittorrentPreferences) -> None:
    base = (
        next(t for _, t in RECORDED_TORRENTS if t["state"] == "stalledUP")
        if RECORDED_TORRENTS
        else None
    )
    if base is None:
        pytest.skip("no recording")
    torrent = QBittorrentTorrent.model_validate({**base, "state": state})
    item = _map(torrent, prefs)
    assert item.status is EXPECTED[state]
    if item.status is S.WARNING:
        assert item.message


def test_unknown_state_is_downloading_with_a_message() -> None:
    status, message = map_state("somethingNew", dht_enabled=False)
    assert status is S.DOWNLOADING and message == "Unknown download state: somethingNew"


def test_magnet_waiting_for_metadata_depends_on_dht() -> None:
    assert map_state("metaDL", dht_enabled=True) == (S.QUEUED, None)
    assert map_state("metaDL", dht_enabled=False) == (S.WARNING, MSG_NO_DHT)


def test_eta_sentinels() -> None:
    assert remaining_seconds(8640000) is None
    assert remaining_seconds(-1) is None
    assert remaining_seconds(400 * 24 * 3600) is None
    assert remaining_seconds(2**70) is None  # buggy builds overflow int64
    assert remaining_seconds(90) == 90.0


# ---------------------------------------------------------------- content_path distrust


def _recorded(state: str) -> dict[str, Any]:
    for _, t in RECORDED_TORRENTS:
        if t["state"] == state:
            return t
    pytest.skip("no recording")


def test_completed_torrent_whose_content_path_is_the_save_path_is_a_warning(
    prefs: QBittorrentPreferences,
) -> None:
    raw = _recorded("stalledUP")
    torrent = QBittorrentTorrent.model_validate({**raw, "content_path": raw["save_path"] + "/"})
    item = _map(torrent, prefs)
    assert item.status is S.WARNING
    assert item.message == MSG_PATH_IS_SAVE_PATH
    assert item.output_path is None  # never import the whole download folder


def test_downloading_torrent_with_content_path_equal_save_path_keeps_its_status(
    prefs: QBittorrentPreferences,
) -> None:
    raw = _recorded("pausedDL")
    item = _map(QBittorrentTorrent.model_validate({**raw, "content_path": raw["save_path"]}), prefs)
    assert item.status is S.PAUSED and item.output_path is None


def test_content_path_is_ignored_before_api_2_6_1(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("stalledUP")
    item = _map(QBittorrentTorrent.model_validate(raw), prefs, version=(2, 6, 0))
    assert item.status is S.COMPLETED and item.output_path is None  # client asks properties


def test_output_path_goes_through_remote_path_mappings(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("stalledUP")  # content_path /data/seed/multi
    mapper = RemotePathMapper([RemotePathMapping("localhost", "/data/seed", "/mnt/share/seed")])
    item = _map(QBittorrentTorrent.model_validate(raw), prefs, mapper=mapper)
    assert item.output_path == PurePosixPath("/mnt/share/seed/multi")


# ---------------------------------------------------------------- seeding goals


def test_stopped_torrent_at_its_ratio_goal_can_be_removed(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("pausedUP")
    torrent = QBittorrentTorrent.model_validate({**raw, "ratio": 2.0, "ratio_limit": 2.0})
    item = _map(torrent, prefs)
    assert item.status is S.COMPLETED
    assert item.can_be_removed and item.can_move_files and item.seed_goal_reached


def test_running_torrent_at_its_goal_cannot_be_removed(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("stalledUP")
    torrent = QBittorrentTorrent.model_validate({**raw, "ratio": 3.0, "ratio_limit": 2.0})
    assert _map(torrent, prefs).can_be_removed is False


def test_stoppedup_of_qbittorrent_5_counts_as_stopped(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("pausedUP")
    torrent = QBittorrentTorrent.model_validate({**raw, "state": "stoppedUP", "ratio_limit": 0})
    assert _map(torrent, prefs).can_be_removed is True


def test_global_limits_apply_when_the_torrent_says_minus_two(
    prefs: QBittorrentPreferences,
) -> None:
    raw = _recorded("pausedUP")  # ratio_limit -2, seeding_time_limit -2, seeding_time 3 s
    torrent = QBittorrentTorrent.model_validate({**raw, "ratio": 1.0})
    assert seed_goal_reached(torrent, prefs, now=NOW) is False  # recorded: limits off
    with_ratio = prefs.model_copy(update={"max_ratio_enabled": True, "max_ratio": 1.0})
    assert seed_goal_reached(torrent, with_ratio, now=NOW) is True
    with_time = prefs.model_copy(update={"max_seeding_time_enabled": True, "max_seeding_time": 1})
    assert seed_goal_reached(torrent, with_time, now=NOW) is False  # 3 s < 60 s
    seeded = torrent.model_copy(update={"seeding_time": 61})
    assert seed_goal_reached(seeded, with_time, now=NOW) is True


def test_inactive_seeding_limit(prefs: QBittorrentPreferences) -> None:
    raw = _recorded("pausedUP")
    torrent = QBittorrentTorrent.model_validate(
        {**raw, "inactive_seeding_time_limit": 10, "last_activity": int(NOW) - 601}
    )
    assert seed_goal_reached(torrent, prefs, now=NOW) is True
    assert seed_goal_reached(torrent, prefs, now=NOW - 2) is False


def test_label_is_read_as_category() -> None:
    torrent = QBittorrentTorrent.model_validate({"hash": "AB" * 20, "label": "tv"})
    assert torrent.category == "tv"


# ---------------------------------------------------------------- ids, forms, settings


def test_torrent_info_hash_matches_libtorrent(tmp_path: Path) -> None:
    import libtorrent as lt

    payload = tmp_path / "episode.mkv"
    payload.write_bytes(b"x" * 70_000)
    entries = lt.list_files(str(payload))
    creator = lt.create_torrent(entries, 16384, lt.create_torrent.v1_only)
    lt.set_piece_hashes(creator, str(tmp_path))
    content = lt.bencode(creator.generate())
    expected = str(lt.torrent_info(content).info_hashes().v1)
    assert torrent_info_hash(content) == expected.lower()


def test_magnet_hashes() -> None:
    hex_hash = "bbba124b44d140e331120f0370085b3c2cb2b115"
    assert magnet_info_hash(f"magnet:?xt=urn:btih:{hex_hash.upper()}&dn=x") == hex_hash
    import base64

    b32 = base64.b32encode(bytes.fromhex(hex_hash)).decode()
    assert magnet_info_hash(f"magnet:?xt=urn:btih:{b32}") == hex_hash
    v2 = "1220" + "ab" * 32
    assert magnet_info_hash(f"magnet:?xt=urn:btmh:{v2}") == ("ab" * 32)[:40]


def test_add_form_follows_the_api_version() -> None:
    settings = QBittorrentSettings(
        initial_state=QBittorrentState.STOP,
        sequential_order=True,
        first_and_last=True,
        content_layout=QBittorrentContentLayout.SUBFOLDER,
    )
    proxy = QBittorrentProxy(settings)
    old = proxy.add_form((2, 8, 19), category="tv", seed_ratio=1.5, seed_time_minutes=None)
    assert old == {
        "category": "tv",
        "paused": "true",
        "sequentialDownload": "true",
        "firstLastPiecePrio": "true",
        "contentLayout": "Subfolder",
        "ratioLimit": "1.5",
        "seedingTimeLimit": "-2",
    }
    new = proxy.add_form((2, 11, 2), category="tv")
    assert new["stopped"] == "true" and "paused" not in new
    assert "ratioLimit" not in proxy.add_form((2, 8, 0), category=None, seed_ratio=1.0)
    forced = QBittorrentProxy(QBittorrentSettings(initial_state=QBittorrentState.FORCE_START))
    assert forced.add_form((2, 8, 19), category=None) == {}  # force start is a later call


def test_settings_from_stored_fields() -> None:
    settings = QBittorrentSettings.from_fields(
        {
            "host": "qbittorrent",
            "port": 8080,
            "useSsl": False,
            "urlBase": "/qbt/",
            "username": "admin",
            "password": "pw",
            "tvCategory": "tv",
            "tvImportedCategory": "tv-imported",
            "recentPriority": 1,
            "initialState": 2,
            "contentLayout": 1,
        },
        "tvCategory",
    )
    assert settings.category == "tv" and settings.post_import_category == "tv-imported"
    assert settings.recent_priority is QBittorrentPriority.FIRST
    assert settings.initial_state is QBittorrentState.STOP
    assert (
        settings.base_url("api/v2/app/version") == "http://qbittorrent:8080/qbt/api/v2/app/version"
    )
    assert settings.password.get_secret_value() == "pw" and "pw" not in repr(settings)


def test_recorded_categories_parse() -> None:
    body = _load("torrents_categories.json")[-1]["response"]["body"]
    cats = {k: QBittorrentCategory.model_validate(v) for k, v in body.items()}
    assert cats["tv-imported"].save_path == "/downloads/imported"
    assert cats["tv-sonarr"].save_path == ""


def test_version_parsing() -> None:
    assert parse_version("v4.5.2") == (4, 5, 2)
    assert parse_version("2.8.19\n") == (2, 8, 19)
    assert parse_version("5.0.0beta1") == (5, 0, 0)
    assert parse_version("2.11.2") >= (2, 11, 0) > parse_version("2.8.19")
