"""Revision counters: how the engine knows a cached snapshot is stale without comparing."""

from __future__ import annotations

import json
from typing import Any

from mediastack.torrent.engine.registry import TorrentRecord
from mediastack.torrent.engine.resume import TorrentMeta


class _Status:
    total_payload_download = 0
    total_payload_upload = 0


def test_every_meta_assignment_bumps_its_revision_and_is_not_persisted() -> None:
    meta = TorrentMeta(info_hash="a" * 40, name="x", save_path="/d")
    before = meta.revision
    meta.category = "tv"
    meta.tags = ["a"]
    assert meta.revision == before + 2
    assert "revision" not in json.loads(meta.to_json())
    assert TorrentMeta.from_json(meta.to_json(), "a" * 40) == meta  # equality ignores it


def test_record_assignments_bump_its_revision_except_the_cache_itself() -> None:
    meta = TorrentMeta(info_hash="a" * 40, name="x", save_path="/d")
    record = TorrentRecord(handle=None, meta=meta, status=_Status())
    assert record.revision == 0
    for name, value in (("error", "boom"), ("dl_limit", 5), ("paths", ["f"])):
        before = record.revision
        setattr(record, name, value)
        assert record.revision == before + 1, name
    record.set_status(_Status())
    bumped = record.revision
    cache: Any = ((0, 0, 0), object())
    record.info_cache = cache
    assert record.revision == bumped
