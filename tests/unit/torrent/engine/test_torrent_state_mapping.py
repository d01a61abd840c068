"""libtorrent status facts -> qBittorrent state strings, in qBittorrent's precedence."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mediastack.torrent.engine.state import (
    LtState,
    StateFacts,
    TorrentState,
    legacy_state_name,
    map_state,
)

RUNNING = StateFacts(
    lt_state=LtState.DOWNLOADING,
    paused=False,
    auto_managed=True,
    has_metadata=True,
    is_finished=False,
)
SEEDING = replace(RUNNING, lt_state=LtState.SEEDING, is_finished=True)
STOPPED: dict[str, Any] = {"paused": True, "auto_managed": False}
QUEUED: dict[str, Any] = {"paused": True, "auto_managed": True}
FORCED: dict[str, Any] = {"paused": False, "auto_managed": False}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (replace(RUNNING, download_rate=1), TorrentState.DOWNLOADING),
        (RUNNING, TorrentState.STALLED_DL),
        (replace(RUNNING, **STOPPED), TorrentState.STOPPED_DL),
        (replace(RUNNING, **QUEUED), TorrentState.QUEUED_DL),
        (replace(RUNNING, **FORCED), TorrentState.FORCED_DL),
        (replace(SEEDING, upload_rate=1), TorrentState.UPLOADING),
        (SEEDING, TorrentState.STALLED_UP),
        (replace(SEEDING, **STOPPED), TorrentState.STOPPED_UP),
        (replace(SEEDING, **QUEUED), TorrentState.QUEUED_UP),
        (replace(SEEDING, **FORCED), TorrentState.FORCED_UP),
        (replace(RUNNING, lt_state=LtState.FINISHED, is_finished=True), TorrentState.STALLED_UP),
        (replace(RUNNING, lt_state=LtState.CHECKING_FILES), TorrentState.CHECKING_DL),
        (replace(SEEDING, lt_state=LtState.CHECKING_FILES), TorrentState.CHECKING_UP),
        (replace(RUNNING, lt_state=LtState.QUEUED_FOR_CHECKING), TorrentState.CHECKING_DL),
        (
            replace(RUNNING, lt_state=LtState.CHECKING_FILES, **STOPPED),
            TorrentState.STOPPED_DL,
        ),
        (
            replace(RUNNING, lt_state=LtState.CHECKING_RESUME_DATA, has_error=True),
            TorrentState.CHECKING_RESUME_DATA,
        ),
        (
            replace(RUNNING, lt_state=LtState.DOWNLOADING_METADATA, has_metadata=False),
            TorrentState.META_DL,
        ),
        (
            replace(RUNNING, lt_state=LtState.DOWNLOADING_METADATA, has_metadata=False, **FORCED),
            TorrentState.FORCED_META_DL,
        ),
        (replace(RUNNING, has_metadata=False, **STOPPED), TorrentState.STOPPED_DL),
        (replace(RUNNING, has_metadata=False, **QUEUED), TorrentState.QUEUED_DL),
        (replace(SEEDING, moving=True, has_error=True), TorrentState.MOVING),
        (replace(SEEDING, missing_files=True, has_error=True), TorrentState.MISSING_FILES),
        (replace(RUNNING, has_error=True, **STOPPED), TorrentState.ERROR),
        (replace(RUNNING, lt_state=LtState.ALLOCATING), TorrentState.ALLOCATING),
        (replace(RUNNING, queueing_enabled=False, **QUEUED), TorrentState.STALLED_DL),
    ],
)
def test_map_state(facts: StateFacts, expected: TorrentState) -> None:
    assert map_state(facts) is expected


def test_legacy_names() -> None:
    assert legacy_state_name(TorrentState.STOPPED_DL) == "pausedDL"
    assert legacy_state_name(TorrentState.STOPPED_UP) == "pausedUP"
    assert legacy_state_name(TorrentState.STALLED_UP) == "stalledUP"


def test_complete_states_match_what_the_managers_import() -> None:
    complete = {s.value for s in TorrentState if s.is_complete}
    assert complete == {"uploading", "stoppedUP", "queuedUP", "stalledUP", "checkingUP", "forcedUP"}


GOLDEN = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "qbittorrent-webapi"


@pytest.mark.skipif(not GOLDEN.is_dir(), reason="shared reference data not beside the repo")
def test_every_recorded_state_is_known() -> None:
    known = {s.value for s in TorrentState} | {"pausedDL", "pausedUP"}
    for path in GOLDEN.glob("torrents_info*.json"):
        for exchange in json.loads(path.read_text()):
            body = exchange["response"]["body"]
            for torrent in body if isinstance(body, list) else []:
                assert torrent["state"] in known, (path.name, torrent["state"])
