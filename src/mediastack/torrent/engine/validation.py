"""Safe intake of untrusted torrents, magnets, file names, categories and tags.

A .torrent comes from an indexer or an API client and is hostile until proven otherwise.
It passes three gates before libtorrent sees it as a torrent to add:

1. **Size cap** (:data:`MAX_TORRENT_BYTES`): nothing larger is even scanned.
2. **Structure scan** (:func:`scan_bencode`): a small iterative scanner walks the bencoding
   token by token without building any object. It enforces a nesting-depth limit, a token
   limit, bounded integer literals and string lengths that fit in the remaining bytes, so
   a "bencode bomb" (a million nested lists, a string claiming 2**63 bytes) is refused in
   linear time and constant memory with a precise message. It is deliberately *not* a
   decoder: decoding is libtorrent's job (ARCHITECTURE: do not hand-write bencoding), and
   libtorrent is then called with the same limits as a second line of defence.
3. **Names**: every path component of the torrent's name and files (v1 ``files``/``path``,
   ``name``, the ``.utf-8`` variants and v2 ``file tree`` keys, read from the raw info
   dictionary because libtorrent silently rewrites bad names) must survive
   :func:`mediastack.core.fs.safe_name` unchanged. ``..``, absolute paths, separators,
   control characters, Windows device names and names over 255 bytes are refused with the
   offending name in the message, rather than silently renamed: a torrent that needs
   rewriting to be stored is not one a media manager should import. The engine also
   confines the final paths under the save folder with :func:`mediastack.core.fs.confine`
   at add time, which catches symlinks planted in the download tree.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import libtorrent as lt

from mediastack.core.fs import safe_name
from mediastack.torrent.engine.errors import (
    CategoryError,
    InvalidArgumentError,
    InvalidMagnetError,
    InvalidTorrentError,
    TagError,
)

MAX_TORRENT_BYTES = 100 * 1024 * 1024
"""qBittorrent's own default limit for a .torrent file."""

MAX_DEPTH = 64
"""Real torrents nest 5 or 6 levels (v2 file trees follow the folder depth)."""

MAX_TOKENS = 3_000_000
"""libtorrent's own default token limit for ``bdecode``."""

MAX_INT_DIGITS = 20
MAX_PATH_COMPONENTS = 64
MAX_PATH_BYTES = 4096
MAX_FILES = 100_000
MAX_PIECES = 0x200000  # libtorrent's default max_pieces
MAX_MAGNET_CHARS = 64 * 1024
MAX_TAG_CHARS = 255
MAX_TRACKER_URL_CHARS = 2048
TRACKER_SCHEMES = frozenset({"http", "https", "udp"})

# Typed Any: the binding's stubs declare these limits as Literal defaults.
_LT_LIMITS: Any = {
    "max_buffer_size": MAX_TORRENT_BYTES,
    "max_decode_depth": MAX_DEPTH,
    "max_decode_tokens": MAX_TOKENS,
    "max_pieces": MAX_PIECES,
}


# --------------------------------------------------------------------------- bencode scan


def scan_bencode(data: bytes, *, max_depth: int = MAX_DEPTH, max_tokens: int = MAX_TOKENS) -> None:
    """Check that ``data`` is one well-formed bencoded dictionary within the limits.

    Raises :class:`InvalidTorrentError` naming the offset of the first problem. Only
    whitespace may follow the top-level dictionary: a file with other bytes after its end is
    more likely truncated or spliced than legitimate.
    """
    n = len(data)
    if n == 0:
        raise InvalidTorrentError("empty torrent file")
    if data[:1] != b"d":
        raise InvalidTorrentError("not a torrent file: it must start with a bencoded dictionary")
    pos = 0
    tokens = 0
    stack: list[int] = []  # one frame per open container: _LIST, _DICT_KEY or _DICT_VALUE
    while True:
        if pos >= n:
            raise InvalidTorrentError("truncated torrent file (unterminated container)")
        c = data[pos]
        if c == _END:  # the stack is never empty here: the loop ends when it empties
            if stack[-1] == _DICT_VALUE:
                raise InvalidTorrentError(f"dictionary key without a value at offset {pos}")
            stack.pop()
            pos += 1
            if not stack:
                break
            _item_done(stack)
            continue
        tokens += 1
        if tokens > max_tokens:
            raise InvalidTorrentError(f"too many bencode tokens (more than {max_tokens})")
        if stack and stack[-1] == _DICT_KEY and c not in _DIGITS:
            raise InvalidTorrentError(f"dictionary key is not a string at offset {pos}")
        if c in (_D, _L):
            if len(stack) >= max_depth:
                raise InvalidTorrentError(f"bencode nesting deeper than {max_depth} levels")
            stack.append(_DICT_KEY if c == _D else _LIST)
            pos += 1
            continue  # the container counts as an item of its parent when it closes
        if c == _I:
            end = data.find(b"e", pos + 1, pos + 2 + MAX_INT_DIGITS)
            if end < 0:
                raise InvalidTorrentError(f"unterminated or oversized integer at offset {pos}")
            _check_int_literal(data[pos + 1 : end], pos)
            pos = end + 1
        elif c in _DIGITS:
            colon = data.find(b":", pos, pos + MAX_INT_DIGITS + 1)
            digits = data[pos:colon] if colon >= 0 else b""
            if not digits.isdigit() or (len(digits) > 1 and digits[:1] == b"0"):
                raise InvalidTorrentError(f"bad string length at offset {pos}")
            length = int(digits)
            start = colon + 1
            if length > n - start:
                raise InvalidTorrentError(
                    f"string at offset {pos} claims {length} bytes but only {n - start} remain"
                )
            pos = start + length
        else:
            raise InvalidTorrentError(f"unexpected byte {c:#04x} at offset {pos}")
        _item_done(stack)
    if data[pos:].strip():
        raise InvalidTorrentError(f"trailing data after the torrent at offset {pos}")


_D, _L, _I, _END = ord("d"), ord("l"), ord("i"), ord("e")
_DIGITS = frozenset(b"0123456789")
_LIST, _DICT_KEY, _DICT_VALUE = 0, 1, 2


def _item_done(stack: list[int]) -> None:
    """One complete item was read inside the innermost container: flip key/value turns."""
    if stack[-1] == _DICT_KEY:
        stack[-1] = _DICT_VALUE
    elif stack[-1] == _DICT_VALUE:
        stack[-1] = _DICT_KEY


def _check_int_literal(body: bytes, pos: int) -> None:
    digits = body[1:] if body[:1] == b"-" else body
    if not digits or not digits.isdigit():
        raise InvalidTorrentError(f"bad integer at offset {pos}")
    if (len(digits) > 1 and digits[:1] == b"0") or body == b"-0":
        raise InvalidTorrentError(f"non-canonical integer at offset {pos}")


# --------------------------------------------------------------------------- names


def check_path_component(component: str) -> None:
    """Refuse one file or folder name unless it is safe to create everywhere, unchanged."""
    if component in ("", ".", ".."):
        raise InvalidTorrentError(f"hostile file name {component!r} (empty or traversal)")
    if "/" in component or "\\" in component:
        raise InvalidTorrentError(f"hostile file name {component!r} (contains a separator)")
    if len(component.encode("utf-8")) > 255:
        raise InvalidTorrentError(f"file name longer than 255 bytes: {component[:60]!r}...")
    # Compare in NFC: torrents made on macOS carry decomposed (NFD) names, which are fine.
    if safe_name(component) != unicodedata.normalize("NFC", component):
        raise InvalidTorrentError(
            f"unsafe file name {component!r} (control or reserved character, reserved "
            "device name, or trailing dot/space)"
        )


def check_relative_path(parts: Iterable[str]) -> tuple[str, ...]:
    """Check every component of a relative path; returns the components."""
    checked = tuple(parts)
    if not checked:
        raise InvalidTorrentError("empty file path")
    if len(checked) > MAX_PATH_COMPONENTS:
        raise InvalidTorrentError(f"file path deeper than {MAX_PATH_COMPONENTS} folders")
    for part in checked:
        check_path_component(part)
    if len("/".join(checked).encode("utf-8")) > MAX_PATH_BYTES:
        raise InvalidTorrentError(f"file path longer than {MAX_PATH_BYTES} bytes")
    return checked


def _text(raw: Any, what: str) -> str:
    if not isinstance(raw, bytes):
        raise InvalidTorrentError(f"{what} is not a string")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidTorrentError(f"{what} is not valid UTF-8") from None


def _utf8_field(d: dict[bytes, Any], key: bytes) -> Any:
    """The ``<key>.utf-8`` variant when present (it wins in every client), else ``<key>``."""
    return d.get(key + b".utf-8", d.get(key))


def _v1_paths(info: dict[bytes, Any]) -> Iterator[tuple[str, ...]]:
    files = info.get(b"files")
    if files is None:
        return
    if not isinstance(files, list):
        raise InvalidTorrentError("'files' is not a list")
    if len(files) > MAX_FILES:
        raise InvalidTorrentError(f"more than {MAX_FILES} files")
    for entry in files:
        if not isinstance(entry, dict):
            raise InvalidTorrentError("a 'files' entry is not a dictionary")
        if b"p" in entry.get(b"attr", b""):
            continue  # BEP 47 pad file: never written to disk
        path = _utf8_field(entry, b"path")
        if not isinstance(path, list):
            raise InvalidTorrentError("a file 'path' is not a list")
        yield tuple(_text(p, "file path") for p in path)


def _v2_paths(tree: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Paths of a BEP 52 ``file tree`` (iterative over siblings, bounded by MAX_DEPTH)."""
    if not isinstance(tree, dict):
        raise InvalidTorrentError("'file tree' is not a dictionary")
    for raw_key, sub in tree.items():
        if raw_key == b"":
            yield prefix  # the leaf marker: prefix is a file path
            continue
        yield from _v2_paths(sub, (*prefix, _text(raw_key, "file tree name")))


def check_info_names(info: dict[bytes, Any]) -> str:
    """Check the torrent name and every file path of a raw info dictionary; returns the name."""
    name = _text(_utf8_field(info, b"name"), "torrent name")
    check_path_component(name)
    count = 0
    for parts in _v1_paths(info):
        check_relative_path(parts)
        count += 1
    if b"file tree" in info:
        for parts in _v2_paths(info[b"file tree"]):
            check_relative_path(parts)
            count += 1
            if count > MAX_FILES:
                raise InvalidTorrentError(f"more than {MAX_FILES} files")
    return name


# --------------------------------------------------------------------------- torrents


@dataclass(frozen=True, slots=True)
class ValidatedTorrent:
    """A torrent that passed every check, with libtorrent's parsed form ready to add."""

    info: Any  # libtorrent.torrent_info
    info_hash: str  # v1 hex when present, else the truncated v2 hash (qBittorrent's id)
    name: str
    total_size: int
    num_files: int


def validate_torrent(data: bytes) -> ValidatedTorrent:
    """Run every check on untrusted .torrent bytes; raise :class:`InvalidTorrentError`."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidTorrentError("torrent data must be bytes")
    data = bytes(data)
    if len(data) > MAX_TORRENT_BYTES:
        raise InvalidTorrentError(
            f"torrent file is {len(data)} bytes; the limit is {MAX_TORRENT_BYTES}"
        )
    scan_bencode(data)
    try:
        decoded: Any = lt.bdecode(data)
    except RuntimeError as exc:
        raise InvalidTorrentError(f"not a torrent file: {exc}") from None
    if not isinstance(decoded, dict) or not isinstance(decoded.get(b"info"), dict):
        raise InvalidTorrentError("not a torrent file: no 'info' dictionary")
    name = check_info_names(decoded[b"info"])
    try:
        info = lt.torrent_info(data, _LT_LIMITS)
    except RuntimeError as exc:
        raise InvalidTorrentError(f"invalid torrent: {exc}") from None
    if info.num_files() > MAX_FILES:
        raise InvalidTorrentError(f"more than {MAX_FILES} files")
    return ValidatedTorrent(
        info=info,
        info_hash=info_hash_id(info.info_hashes()),
        name=name,
        total_size=int(info.total_size()),
        num_files=int(info.num_files()),
    )


def info_hash_id(hashes: Any) -> str:
    """qBittorrent's torrent id: the v1 hash, or the v2 hash truncated to 40 hex digits."""
    if hashes.has_v1():
        return str(hashes.v1)
    return str(hashes.v2)[:40]


# --------------------------------------------------------------------------- magnets


@dataclass(frozen=True, slots=True)
class ValidatedMagnet:
    """A parsed magnet: libtorrent add parameters plus what we show before metadata."""

    params: Any  # libtorrent.add_torrent_params
    info_hash: str
    name: str
    uri: str


def validate_magnet(uri: str) -> ValidatedMagnet:
    """Parse a magnet link with libtorrent; refuse anything without a real info-hash."""
    if not isinstance(uri, str):
        raise InvalidMagnetError("magnet link must be text")
    uri = uri.strip()
    if len(uri) > MAX_MAGNET_CHARS:
        raise InvalidMagnetError(f"magnet link longer than {MAX_MAGNET_CHARS} characters")
    if not uri.lower().startswith("magnet:?"):
        raise InvalidMagnetError("not a magnet link (must start with 'magnet:?')")
    if any(ord(ch) < 0x20 or ch.isspace() for ch in uri):
        raise InvalidMagnetError("magnet link contains whitespace or control characters")
    try:
        params = lt.parse_magnet_uri(uri)
    except RuntimeError as exc:
        raise InvalidMagnetError(f"invalid magnet link: {exc}") from None
    hashes = params.info_hashes
    v1_zero = not hashes.has_v1() or hashes.v1.is_all_zeros()
    v2_zero = not hashes.has_v2() or hashes.v2.is_all_zeros()
    if v1_zero and v2_zero:
        raise InvalidMagnetError("magnet link has no BitTorrent info-hash (xt=urn:btih/btmh)")
    info_hash = info_hash_id(hashes)
    name = safe_name(params.name) if params.name else info_hash
    params.name = name
    return ValidatedMagnet(params=params, info_hash=info_hash, name=name, uri=uri)


# --------------------------------------------------------------------------- categories, tags


def validate_category_name(name: str) -> str:
    """qBittorrent category names: '/'-separated sub-categories of safe names."""
    if not isinstance(name, str) or not name or name != name.strip():
        raise CategoryError(f"invalid category name {name!r}")
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", "..") or safe_name(part) != part:
            raise CategoryError(f"invalid category name {name!r}")
    return name


def validate_tag(tag: str) -> str:
    """Tags are free text without commas (the WebAPI's list separator) or control chars."""
    cleaned = tag.strip() if isinstance(tag, str) else ""
    if not cleaned or "," in cleaned or len(cleaned) > MAX_TAG_CHARS:
        raise TagError(f"invalid tag {tag!r}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in cleaned):
        raise TagError(f"invalid tag {tag!r}")
    return cleaned


# --------------------------------------------------------------------------- peers, trackers


def validate_peer(peer: str) -> tuple[str, int]:
    """``1.2.3.4:6881`` or ``[::1]:6881`` -> (ip, port); host names are refused."""
    text = peer.strip()
    try:
        if text.startswith("["):
            host, _, port_text = text[1:].partition("]:")
        else:
            host, _, port_text = text.rpartition(":")
        address = ipaddress.ip_address(host)
        port = int(port_text)
    except ValueError:
        raise InvalidArgumentError(f"invalid peer {peer!r} (expected ip:port)") from None
    if not 0 < port < 65536:
        raise InvalidArgumentError(f"invalid peer port in {peer!r}")
    return str(address), port


def validate_tracker_url(url: str) -> str:
    """An http(s) or udp announce URL with a host, no whitespace or control characters."""
    text = url.strip()
    parts = urlsplit(text)
    if (
        parts.scheme.lower() not in TRACKER_SCHEMES
        or not parts.hostname
        or len(text) > MAX_TRACKER_URL_CHARS
        or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in text)
    ):
        raise InvalidArgumentError(f"invalid tracker URL {url!r}")
    return text


WEB_SEED_SCHEMES = ("http", "https", "ftp")


def validate_web_seed_url(url: str) -> str:
    """A BEP 19 web seed URL, percent-decoded as qBittorrent stores it, with a host."""
    text = unquote(url.strip())
    parts = urlsplit(text)
    invalid = InvalidArgumentError(f'"{text}" is not a valid URL')
    if (
        not parts.scheme
        or len(text) > MAX_TRACKER_URL_CHARS
        or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in text)
    ):
        raise invalid
    if parts.scheme.lower() not in WEB_SEED_SCHEMES:
        raise InvalidArgumentError(f"URL scheme must be one of [{', '.join(WEB_SEED_SCHEMES)}]")
    if not parts.hostname:
        raise invalid
    return text
