"""Untrusted .torrent bytes, magnets, category and tag names."""

from __future__ import annotations

import unicodedata
from typing import Any

import libtorrent as lt
import pytest

from mediastack.torrent.engine import (
    CategoryError,
    InvalidMagnetError,
    InvalidTorrentError,
    TagError,
)
from mediastack.torrent.engine.validation import (
    MAX_DEPTH,
    MAX_TORRENT_BYTES,
    scan_bencode,
    validate_category_name,
    validate_magnet,
    validate_tag,
    validate_torrent,
)

HASH = "bbba124b44d140e331120f0370085b3c2cb2b115"


def torrent(info: dict[bytes, Any], **extra: Any) -> bytes:
    base: dict[bytes, Any] = {b"piece length": 16384, b"pieces": b"\x01" * 20}
    base.update(info)
    outer: dict[bytes, Any] = {b"info": base}
    outer.update({k.encode(): v for k, v in extra.items()})
    return bytes(lt.bencode(outer))


def single(name: bytes) -> bytes:
    return torrent({b"name": name, b"length": 1000})


def multi(*paths: list[bytes], name: bytes = b"folder") -> bytes:
    files = [{b"length": 100, b"path": p} for p in paths]
    return torrent({b"name": name, b"files": files})


class TestWellFormed:
    def test_single_file(self) -> None:
        checked = validate_torrent(single(b"Show.S01E01.1080p.mkv"))
        assert checked.name == "Show.S01E01.1080p.mkv"
        assert checked.total_size == 1000 and checked.num_files == 1
        assert len(checked.info_hash) == 40

    def test_multi_file_with_subfolders_and_unicode(self) -> None:
        checked = validate_torrent(
            multi([b"Season 1", b"e01.mkv"], ["é".encode(), b"b.srt"], name="Amélie".encode())
        )
        assert checked.name == "Amélie" and checked.num_files == 2

    def test_decomposed_unicode_from_macos_is_fine(self) -> None:
        nfd = unicodedata.normalize("NFD", "Amélie.mkv").encode()
        assert validate_torrent(single(nfd)).name == unicodedata.normalize("NFD", "Amélie.mkv")

    def test_utf8_variant_wins(self) -> None:
        data = torrent({b"name": b"\xff\xfe", b"name.utf-8": b"ok", b"length": 5})
        assert validate_torrent(data).name == "ok"

    def test_pad_files_are_not_names(self) -> None:
        files = [
            {b"length": 100, b"path": [b"a.bin"]},
            {b"length": 16284, b"path": [b".pad", b"16284"], b"attr": b"p"},
            {b"length": 100, b"path": [b"b.bin"]},
        ]
        data = torrent({b"name": b"f", b"files": files, b"pieces": b"\x01" * 40})
        assert validate_torrent(data).num_files == 3

    def test_trailing_newline_tolerated(self) -> None:
        validate_torrent(single(b"a.mkv") + b"\n")


class TestCorrupt:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "empty"),
            (b"<html>404</html>", "must start with a bencoded dictionary"),
            (b"d4:info", "truncated"),
            (b"d4:infoi12e", "truncated"),
            (b"d4:infoe", "key without a value"),
            (b"di1ei2ee", "key is not a string"),
            (b"d3:abci01ee", "non-canonical integer"),
            (b"d3:abci-0ee", "non-canonical integer"),
            (b"d3:abcixee", "bad integer"),
            (b"d3:abci" + b"9" * 40 + b"ee", "unterminated or oversized integer"),
            (b"d3:abc05:xxxxxe", "bad string length"),
            (b"d3:abcxe", "unexpected byte"),
            (b"d1:a1:be" + b"junk", "trailing data"),
            (b"d1:a1:be", "no 'info' dictionary"),
        ],
    )
    def test_refused_with_a_clear_message(self, data: bytes, message: str) -> None:
        with pytest.raises(InvalidTorrentError, match=message):
            validate_torrent(data)

    def test_libtorrent_rejects_what_the_scanner_lets_through(self) -> None:
        with pytest.raises(InvalidTorrentError, match="invalid torrent"):
            validate_torrent(torrent({b"name": b"a", b"length": 10, b"pieces": b"short"}))

    def test_not_bytes(self) -> None:
        with pytest.raises(InvalidTorrentError):
            validate_torrent("d4:infodee")  # type: ignore[arg-type]


class TestBombs:
    def test_deep_nesting_is_refused_quickly(self) -> None:
        bomb = b"d1:x" + b"l" * 1_000_000 + b"e" * 1_000_000 + b"e"
        with pytest.raises(InvalidTorrentError, match=f"deeper than {MAX_DEPTH}"):
            validate_torrent(bomb)

    def test_huge_declared_string_length(self) -> None:
        with pytest.raises(InvalidTorrentError, match="claims 9223372036854775807 bytes"):
            validate_torrent(b"d4:info9223372036854775807:xe")

    def test_too_many_tokens(self) -> None:
        with pytest.raises(InvalidTorrentError, match="too many bencode tokens"):
            scan_bencode(b"d1:xl" + b"i1e" * 1000 + b"ee", max_tokens=500)

    def test_oversized_file(self) -> None:
        with pytest.raises(InvalidTorrentError, match="limit"):
            validate_torrent(b"d" + b"0" * MAX_TORRENT_BYTES)

    def test_too_many_pieces_for_libtorrent(self) -> None:
        data = torrent({b"name": b"a", b"length": 10, b"pieces": b"\x01" * 20 * 3})
        with pytest.raises(InvalidTorrentError):
            validate_torrent(data)


class TestHostileNames:
    @pytest.mark.parametrize(
        "path",
        [
            [b"..", b"etc", b"passwd"],
            [b"a", b"..", b"..", b"b"],
            [b"/etc/passwd"],
            [b"a\\..\\b"],
            [b"C:", b"x"],
            [b"CON"],
            [b"nul.txt"],
            [b"x" * 256],
            [b"bell\x07"],
            [b"nul\x00byte"],
            [b""],
            [b"."],
            [b"trailing."],
            [],
        ],
        ids=repr,
    )
    def test_file_paths_refused(self, path: list[bytes]) -> None:
        with pytest.raises(InvalidTorrentError):
            validate_torrent(multi(path))

    @pytest.mark.parametrize("name", [b"..", b"../x", b"/abs", b"LPT1", b"", b"\xff\xfe"])
    def test_torrent_names_refused(self, name: bytes) -> None:
        with pytest.raises(InvalidTorrentError):
            validate_torrent(single(name))

    def test_hostile_utf8_variant_is_checked_too(self) -> None:
        data = torrent({b"name": b"fine", b"name.utf-8": b"..", b"length": 5})
        with pytest.raises(InvalidTorrentError, match="traversal"):
            validate_torrent(data)

    def test_v2_file_tree_names_are_checked(self) -> None:
        tree = {b"..": {b"evil": {b"": {b"length": 5, b"pieces root": b"\0" * 32}}}}
        data = torrent({b"name": b"v2", b"file tree": tree, b"meta version": 2})
        with pytest.raises(InvalidTorrentError, match="traversal"):
            validate_torrent(data)

    def test_deep_paths_refused(self) -> None:
        with pytest.raises(InvalidTorrentError, match="deeper"):
            validate_torrent(multi([b"d"] * 70 + [b"f"]))


class TestMagnets:
    def test_valid_magnet(self) -> None:
        magnet = validate_magnet(f"magnet:?xt=urn:btih:{HASH}&dn=Some+Show&tr=udp://t:1")
        assert magnet.info_hash == HASH and magnet.name == "Some Show"

    def test_base32_hash(self) -> None:
        magnet = validate_magnet("magnet:?xt=urn:btih:XO5BEJFU2FAOGMJBBJ7QSSAJDUGFOKZL")
        assert len(magnet.info_hash) == 40

    def test_hostile_display_name_is_made_safe(self) -> None:
        magnet = validate_magnet(f"magnet:?xt=urn:btih:{HASH}&dn=..%2F..%2Fetc")
        assert "/" not in magnet.name and magnet.name != ".."

    @pytest.mark.parametrize(
        "uri",
        [
            "",
            "http://example.com/x.torrent",
            "magnet:?",
            "magnet:?dn=only-a-name",
            "magnet:?xt=urn:btih:zz",
            "magnet:?xt=urn:btih:" + "0" * 40,
            "magnet:?xt=urn:btih:" + HASH + "\n&dn=x",
            "magnet:?xt=urn:btih:" + HASH + "&dn=" + "x" * 70_000,
        ],
        ids=lambda u: u[:40],
    )
    def test_garbage_refused(self, uri: str) -> None:
        with pytest.raises(InvalidMagnetError):
            validate_magnet(uri)


class TestNames:
    @pytest.mark.parametrize("name", ["tv-sonarr", "radarr", "a/b", "Movies 4K"])
    def test_good_categories(self, name: str) -> None:
        assert validate_category_name(name) == name

    @pytest.mark.parametrize("name", ["", " x", "a//b", "/a", "a/", "..", "a/../b", "c:d", "CON"])
    def test_bad_categories(self, name: str) -> None:
        with pytest.raises(CategoryError):
            validate_category_name(name)

    def test_tags(self) -> None:
        assert validate_tag("  sonarr ") == "sonarr"
        for bad in ("", "a,b", "x\x01", "t" * 300):
            with pytest.raises(TagError):
                validate_tag(bad)
