"""The torrents database: rows, group commits, legacy import, tolerant loading; categories."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import warnings
from pathlib import Path

import libtorrent as lt
import pytest

from mediastack.torrent.engine import CategoryError, ShareLimitAction, ShareLimits
from mediastack.torrent.engine.catalog import Catalog
from mediastack.torrent.engine.loading import params_from_store
from mediastack.torrent.engine.resume import ResumeStore, StoredTorrent, TorrentMeta

H1, H2, H3 = "a" * 40, "b" * 40, "c" * 40


def _store(folder: Path) -> ResumeStore:
    store = ResumeStore(folder)
    store.ensure()
    return store


def test_meta_round_trip(tmp_path: Path) -> None:
    store = _store(tmp_path)
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
    store.close()
    (loaded,) = _store(tmp_path).load_all()
    assert loaded.meta == meta and loaded.fastresume == b"d1:ai1ee" and loaded.torrent is None
    assert loaded.meta.share_limits == ShareLimits(1.5, -2, ShareLimitAction.REMOVE)


def test_meta_tolerates_wrong_types_and_unknown_keys() -> None:
    raw = b'{"name": 5, "tags": "nope", "ratio_limit": 2, "added_on": true, "future": 1}'
    meta = TorrentMeta.from_json(raw, H1)
    assert meta.name == H1 and meta.tags == [] and meta.ratio_limit == 2.0
    assert isinstance(meta.added_on, int) and meta.added_on is not True


def test_legacy_files_are_imported_once_and_loaded_tolerantly(tmp_path: Path) -> None:
    """A resume folder written as files by an earlier version moves into the database."""
    (tmp_path / f"{H1}.meta.json").write_bytes(b"{not json")
    (tmp_path / f"{H1}.torrent").write_bytes(b"d4:infode")
    (tmp_path / f"{H2}.meta.json").write_bytes(b'{"name": "lonely"}')  # nothing to load from
    (tmp_path / f"{H3}.meta.json").write_bytes(
        TorrentMeta(info_hash=H3, name="m", save_path="", magnet_uri="magnet:?x").to_json()
    )
    (tmp_path / f"{H3}.fastresume").write_bytes(b"d1:ai1ee")
    (tmp_path / "not-a-hash.fastresume").write_bytes(b"x")
    (tmp_path / ".mediastack-partial-123").write_bytes(b"x")
    store = _store(tmp_path)
    loaded = {s.meta.info_hash: s for s in store.load_all()}
    assert set(loaded) == {H1, H3}
    assert loaded[H1].meta.name == H1 and loaded[H1].torrent == b"d4:infode"
    assert loaded[H3].meta.magnet_uri == "magnet:?x" and loaded[H3].fastresume == b"d1:ai1ee"
    leftovers = {p.name for p in tmp_path.iterdir() if not p.name.startswith("torrents.db")}
    assert leftovers == {"not-a-hash.fastresume", ".mediastack-partial-123"}
    store.close()
    assert {s.meta.info_hash for s in _store(tmp_path).load_all()} == {H1, H3}


def test_remove_and_refuse_foreign_names(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
    store.write_torrent(H1, b"t")
    assert store.read_torrent(H1) == b"t"
    store.remove(H1)
    assert store.load_all() == [] and store.read_torrent(H1) is None
    with pytest.raises(ValueError):
        store.write_fastresume("../../etc/passwd", b"x")


def _committed(folder: Path) -> set[str]:
    """What another connection (another process after a crash) sees in the database."""
    with contextlib.closing(sqlite3.connect(folder / "torrents.db")) as db:
        return {row[0] for row in db.execute("SELECT id FROM torrents")}


def test_a_write_is_committed_before_it_returns(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
    assert _committed(tmp_path) == {H1}


def test_batch_commits_once_at_its_end(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.batch():
        store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
        with store.batch():  # nested: still the outer batch's commit
            store.write_torrent(H2, b"t")
        assert _committed(tmp_path) == set()
    assert _committed(tmp_path) == {H1, H2}


def test_another_threads_write_commits_an_open_batch(tmp_path: Path) -> None:
    """A write outside the batch is durable when it returns, the batch's rows with it."""
    store = _store(tmp_path)
    with store.batch():
        store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
        other = threading.Thread(target=store.write_torrent, args=(H2, b"t"))
        other.start()
        other.join()
        assert _committed(tmp_path) == {H1, H2}
        store.write_torrent(H3, b"t")
    assert _committed(tmp_path) == {H1, H2, H3}


def test_batch_commits_what_was_written_before_an_error(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(RuntimeError), store.batch():
        store.write_meta(TorrentMeta(info_hash=H1, name="n", save_path="/d"))
        raise RuntimeError("the caller failed after one write")
    assert _committed(tmp_path) == {H1}


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


def test_a_damaged_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "torrents.db").write_bytes(b"this is not a database" * 200)
    with pytest.raises(OSError, match="cannot open the torrent database"):
        _store(tmp_path)
    assert (tmp_path / "torrents.db").read_bytes() == b"this is not a database" * 200


@pytest.mark.parametrize("stopped", [True, False])
def test_without_resume_data_the_meta_record_keeps_a_stop(stopped: bool) -> None:
    """A crash right after an add can leave no resume data: the stop must not be lost."""
    fs = lt.file_storage()
    fs.add_file("one.bin", 16384)
    with warnings.catch_warnings():  # the file_storage constructor is deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    ct.set_hash(0, b"\1" * 20)
    blob = bytes(lt.bencode(ct.generate()))
    meta = TorrentMeta(info_hash=H1, name="one", save_path="/d", stopped=stopped)
    params = params_from_store(StoredTorrent(meta, None, blob), Path("/d"))
    assert bool(params.flags & lt.torrent_flags.paused) is stopped
    assert bool(params.flags & lt.torrent_flags.auto_managed) is not stopped
