"""Pure parts of the WebAPI layer: form parsing, JSON mapping, filters, sync diffs, settings."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mediastack.core.config import load_settings
from mediastack.core.http import ApiError
from mediastack.core.roles import Role
from mediastack.torrent.api.forms import Params, parse_bool, parse_hashes
from mediastack.torrent.api.log import INFO, WARNING, LogBuffer
from mediastack.torrent.api.mapping import (
    RowCache,
    RowEntry,
    json_array,
    properties_json,
    sort_and_page,
    state_filter,
    torrent_json,
)
from mediastack.torrent.api.sync import Snapshot, diff_answer, full_answer
from mediastack.torrent.engine import TorrentInfo, TorrentState
from mediastack.torrent.settings import api_settings, engine_settings, save_preferences
from tests.support.shared_data import DATA

RECORDED = DATA / "qbittorrent-webapi"


def make_info(**overrides: Any) -> TorrentInfo:
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(TorrentInfo):
        kind = str(f.type)
        if kind == "str":
            defaults[f.name] = ""
        elif kind == "bool":
            defaults[f.name] = False
        elif kind == "float":
            defaults[f.name] = 0.0
        elif kind == "int":
            defaults[f.name] = 0
        elif "tuple" in kind:
            defaults[f.name] = ()
        elif "TorrentState" in kind:
            defaults[f.name] = TorrentState.STALLED_DL
    defaults |= {"hash": "a" * 40, "name": "x"}
    return TorrentInfo(**(defaults | overrides))


def test_bools_and_hashes_parse_like_qbittorrent() -> None:
    assert parse_bool("TRUE") is True and parse_bool("false") is False
    assert parse_bool("1") is None
    assert parse_hashes("AB|cd| ") == ["ab", "cd"]
    assert parse_hashes("all") is None and parse_hashes("x|all") is None


def test_params_refuse_wrong_types_with_400() -> None:
    p = Params(values={"n": "x", "b": "maybe", "f": "inf", "ok": "3"})
    for call in (lambda: p.integer("n"), lambda: p.boolean("b"), lambda: p.number("f")):
        with pytest.raises(ApiError) as err:
            call()
        assert err.value.status_code == 400
    with pytest.raises(ApiError):
        p.text("missing")
    assert p.integer("ok") == 3 and p.integer("missing", 7) == 7


@pytest.mark.skipif(not RECORDED.is_dir(), reason="shared reference data absent")
def test_torrent_json_has_every_recorded_key_and_properties_use_minus_one() -> None:
    info = make_info(state=TorrentState.STOPPED_UP, tags=("a", "b"))
    row = torrent_json(info)
    recorded = json.loads((RECORDED / "torrents_info__all.json").read_text())
    assert set(recorded[0]["response"]["body"][0]) <= set(row)
    assert row["state"] == "stoppedUP" and row["tags"] == "a, b"
    props = properties_json(info)
    recorded_props = json.loads((RECORDED / "torrents_properties.json").read_text())
    assert set(recorded_props[0]["response"]["body"]) <= set(props)
    assert props["dl_limit"] == -1 and props["completion_date"] == -1


@pytest.mark.parametrize(
    ("name", "state", "selected"),
    [
        ("paused", TorrentState.STOPPED_DL, True),  # 4.x spelling
        ("stopped", TorrentState.STOPPED_UP, True),
        ("resumed", TorrentState.STOPPED_UP, False),
        ("running", TorrentState.STALLED_UP, True),
        ("completed", TorrentState.STOPPED_UP, True),
        ("seeding", TorrentState.STOPPED_UP, False),
        ("downloading", TorrentState.STOPPED_DL, True),
        ("errored", TorrentState.MISSING_FILES, True),
        ("stalled_downloading", TorrentState.STALLED_DL, True),
        ("bogus", TorrentState.STALLED_DL, False),
        (None, TorrentState.ERROR, True),
    ],
)
def test_state_filters(name: str | None, state: TorrentState, selected: bool) -> None:
    assert state_filter(name)(make_info(state=state)) is selected


def test_sort_reverse_limit_offset() -> None:
    rows: list[dict[str, Any]] = [{"name": n, "size": s} for n, s in [("b", 2), ("A", 3), ("c", 1)]]
    assert [r["name"] for r in sort_and_page(rows, "name", False, 0, 0)] == ["A", "b", "c"]
    assert [r["size"] for r in sort_and_page(rows, "size", True, 2, 0)] == [3, 2]
    assert [r["name"] for r in sort_and_page(rows, "name", False, 0, -1)] == ["c"]
    assert sort_and_page(rows, "nope", False, 1, 1) == [rows[1]]


def test_sync_diff_lists_only_changes() -> None:
    h1, h2, h3 = "1" * 40, "2" * 40, "3" * 40
    kept = RowEntry(make_info(hash=h1, name="same"))
    old = Snapshot(
        rid=1,
        torrents={
            h1: RowEntry(make_info(hash=h1, progress=0.5)),
            h2: RowEntry(make_info(hash=h2)),
            h3: kept,
        },
        categories={"tv": {"name": "tv", "savePath": ""}},
        tags=["x"],
        server_state={"dl_info_speed": 0, "queueing": True},
    )
    new_torrent = RowEntry(make_info(hash="4" * 40, state=TorrentState.UPLOADING))
    new = Snapshot(
        rid=2,
        torrents={h1: RowEntry(make_info(hash=h1, progress=1.0)), h3: kept, "4" * 40: new_torrent},
        categories={"movies": {"name": "movies", "savePath": ""}},
        tags=["y"],
        server_state={"dl_info_speed": 5, "queueing": True},
    )
    assert diff_answer(old, new) == {
        "rid": 2,
        "torrents": {h1: {"progress": 1.0}, "4" * 40: new_torrent.sync_row},
        "torrents_removed": [h2],
        "categories": {"movies": {"name": "movies", "savePath": ""}},
        "categories_removed": ["tv"],
        "tags": ["y"],
        "tags_removed": ["x"],
        "server_state": {"dl_info_speed": 5},
    }
    assert "hash" not in new_torrent.sync_row and new_torrent.sync_row["state"] == "uploading"
    assert diff_answer(new, new) == {"rid": 2}
    # a rebuilt snapshot with the same content is not a change
    same = Snapshot(rid=3, torrents={**new.torrents, h3: RowEntry(make_info(hash=h3, name="same"))})
    assert "torrents" not in diff_answer(new, same)


def test_full_sync_answer_is_the_json_of_every_row_keyed_by_hash() -> None:
    entries = {h: RowEntry(make_info(hash=h, name=f"n\u00e9{h[0]}")) for h in ("a" * 40, "b" * 40)}
    snap = Snapshot(rid=7, torrents=entries, categories={"tv": {"name": "tv", "savePath": ""}},
                    tags=["t"], server_state={"queueing": True})  # fmt: skip
    answer = json.loads(full_answer(snap))
    assert answer == {
        "categories": {"tv": {"name": "tv", "savePath": ""}},
        "full_update": True,
        "rid": 7,
        "server_state": {"queueing": True},
        "tags": ["t"],
        "torrents": {h: e.sync_row for h, e in entries.items()},
        "trackers": {},
    }


def test_log_buffer_filters_by_id_and_kind() -> None:
    log = LogBuffer(capacity=3)
    for i in range(5):
        log.add(f"m{i}", WARNING if i % 2 else INFO)
    assert [m["message"] for m in log.since(-1, INFO | WARNING)] == ["m2", "m3", "m4"]
    assert [m["id"] for m in log.since(2, WARNING)] == [3]


def test_settings_defaults_service_section_and_saved_preferences(tmp_path: Path) -> None:
    settings = load_settings(
        Role.TORRENT,
        paths={"data_root": tmp_path},
        service={"listen_port": 51413, "enable_dht": "false", "url_max_bytes": 2048},
    )
    engine = engine_settings(settings)
    assert engine.save_path == (tmp_path / "downloads" / "torrents").resolve()
    assert engine.config_dir == settings.config_dir.resolve()
    assert engine.listen_port == 51413 and engine.enable_dht is False
    assert api_settings(settings).url_max_bytes == 2048
    save_preferences(settings, engine.model_copy(update={"listen_port": 6000}), {"listen_port"})
    assert engine_settings(settings).listen_port == 6000  # setPreferences wins at restart
    with pytest.raises(ValueError, match="listen_prot"):
        engine_settings(load_settings(Role.TORRENT, paths={"data_root": tmp_path},
                                      service={"listen_prot": 1}))  # fmt: skip


def test_row_cache_reuses_rows_only_for_the_same_snapshot() -> None:
    from dataclasses import replace

    cache = RowCache()
    first = make_info(name="é")
    entry = cache.entry(first)
    assert cache.entry(first) is entry  # the engine handed out the same snapshot
    assert json.loads(entry.json) == entry.row == torrent_json(first)
    assert "é".encode() in entry.json  # UTF-8, not \u escapes, as JSONResponse renders
    changed = replace(first, progress=0.5)
    assert cache.entry(changed) is not entry and cache.row(changed)["progress"] == 0.5
    cache.forget_missing(set())
    assert cache.entry(changed) is not entry
    assert json_array([b"1", b"{}"]) == b"[1,{}]" and json_array([]) == b"[]"
