"""The resume folder: meta records, atomic files, tolerant loading; categories and tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediastack.torrent.engine import CategoryError, ShareLimitAction, ShareLimits
from mediastack.torrent.engine.catalog import Catalog
from mediastack.torrent.engine.resume import ResumeStore, TorrentMeta

H1, H2, H3 = "a" * 40, "b" * 40, "c" * 40


def test_meta_round_trip(tmp_path: Path) -> None:
    store = ResumeStore(tmp_path)
    store.ensure()
    meta = TorrentMeta(
        info_hash=H1,
        name="n",
        save_path="/d",
        category="tv",
        tags=["x"],
        ratio_limit=1.5,
        share_limit_action="remove",
    )
    store.write_meta(meta)
    store.write_fastresume(H1, b"d1:ai1ee")
    (loaded,) = store.load_all()
    assert loaded.meta == meta and loaded.fastresume == b"d1:ai1ee" and loaded.torrent is None
    assert loaded.meta.share_limits == ShareLimits(1.5, -2, ShareLimitAction.REMOVE)


def test_meta_tolerates_wrong_types_and_unknown_keys() -> None:
    raw = b'{"name": 5, "tags": "nope", "ratio_limit": 2, "added_on": true, "future": 1}'
    meta = TorrentMeta.from_json(raw, H1)
    assert meta.name == H1 and meta.tags == [] and meta.ratio_limit == 2.0
    assert isinstance(meta.added_on, int) and meta.added_on is not True


def test_load_all_skips_what_cannot_be_restored(tmp_path: Path) -> None:
    store = ResumeStore(tmp_path)
    store.ensure()
    (tmp_path / f"{H1}.meta.json").write_bytes(b"{not json")
    (tmp_path / f"{H1}.torrent").write_bytes(b"d4:infode")
    (tmp_path / f"{H2}.meta.json").write_bytes(b'{"name": "lonely"}')  # nothing to load from
    store.write_meta(TorrentMeta(info_hash=H3, name="m", save_path="", magnet_uri="magnet:?x"))
    (tmp_path / "not-a-hash.fastresume").write_bytes(b"x")
    (tmp_path / ".mediastack-partial-123").write_bytes(b"x")
    loaded = {s.meta.info_hash: s for s in store.load_all()}
    assert set(loaded) == {H1, H3}
    assert loaded[H1].meta.name == H1 and loaded[H1].torrent == b"d4:infode"


def test_remove_and_refuse_foreign_names(tmp_path: Path) -> None:
    store = ResumeStore(tmp_path)
    store.ensure()
    store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
    store.write_torrent(H1, b"t")
    store.remove(H1)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError):
        store.write_fastresume("../../etc/passwd", b"x")


def test_catalog_persists_categories_and_tags(tmp_path: Path) -> None:
    files = (tmp_path / "categories.json", tmp_path / "tags.json")
    catalog = Catalog(Path("/downloads/torrents"), *files)
    catalog.load()
    catalog.create("tv")
    catalog.create("anime/seasonal", share_limits=ShareLimits(ratio_limit=1.0))
    catalog.create("abs", "/mnt/x")
    catalog.create("rel", "imports")
    catalog.add_tags(["b", "a"])
    with pytest.raises(CategoryError):
        catalog.create("tv")
    with pytest.raises(CategoryError):
        catalog.require("missing")

    again = Catalog(Path("/downloads/torrents"), *files)
    again.load()
    cats = again.categories()
    assert cats["tv"].resolved_save_path == "/downloads/torrents/tv"
    assert cats["anime/seasonal"].resolved_save_path == "/downloads/torrents/anime/seasonal"
    assert cats["anime/seasonal"].share_limits.ratio_limit == 1.0
    assert cats["abs"].resolved_save_path == "/mnt/x"
    assert cats["rel"].resolved_save_path == "/downloads/torrents/imports"
    assert again.tags() == ["a", "b"]
    again.edit("tv", "/elsewhere")
    again.remove(["rel"])
    again.delete_tags(["a"])
    third = Catalog(Path("/downloads/torrents"), *files)
    third.load()
    assert third.require("tv").resolved_save_path == "/elsewhere"
    assert "rel" not in third.categories() and third.tags() == ["b"]
