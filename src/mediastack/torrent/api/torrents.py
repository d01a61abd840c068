"""``/api/v2/torrents`` read side: the list and one torrent's details.

Every answer is read from the engine's status cache; nothing here talks to peers. An
unknown hash in a single-torrent call is ``404 Not Found`` (Sonarr's "is it loaded yet"
probe relies on that); an unknown hash in ``hashes=`` simply selects nothing.
"""

from __future__ import annotations

from typing import Any

import libtorrent as lt
from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import bad_request, read_params
from mediastack.torrent.api.mapping import (
    Json,
    RowEntry,
    file_json,
    json_array,
    properties_json,
    sort_and_page,
    state_filter,
    trackers_json,
)
from mediastack.torrent.engine import InvalidArgumentError, TorrentEngine, TorrentInfo

# pieceStates values.
PIECE_MISSING, PIECE_DOWNLOADING, PIECE_HAVE = 0, 1, 2


def _metainfo(engine: TorrentEngine, info_hash: str) -> Any | None:
    """The torrent's parsed metainfo, or None before metadata arrived (magnet)."""
    try:
        blob = engine.export_torrent(info_hash)
    except InvalidArgumentError:
        return None
    return lt.torrent_info(blob)


def select_torrents(
    engine: TorrentEngine,
    *,
    hashes: list[str] | None,
    category: str | None,
    tag: str | None,
    state: str | None,
) -> list[TorrentInfo]:
    """``torrents/info``'s selection; ``tag=""`` means untagged, as ``category=""`` does."""
    items = engine.torrents(hashes=hashes, category=category, tag=tag or None)
    if tag == "":
        items = [t for t in items if not t.tags]
    keep = state_filter(state)
    return [t for t in items if keep(t)]


def torrents_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/torrents", dependencies=[Depends(require_session)])

    @router.api_route("/info", methods=["GET", "POST"])
    async def info(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        hashes = p.hashes() if p.has("hashes") else None
        items = select_torrents(
            engine,
            hashes=hashes,
            category=p.optional("category"),
            tag=p.optional("tag"),
            state=p.optional("filter"),
        )
        cache = api_state(request).rows
        entries = [cache.entry(t) for t in items]
        if hashes is None and not p.has("category") and not p.has("tag") and not p.has("filter"):
            cache.forget_missing({t.hash for t in items})
        page = sort_and_page(
            entries,
            p.optional("sort"),
            p.boolean("reverse", False),
            p.integer("limit", 0),
            p.integer("offset", 0),
            row_of=_row_of,
        )
        # Joined from each row's stored JSON: serialising thousands of rows per request
        # was most of this endpoint's time.
        return Response(json_array(e.json for e in page), media_type="application/json")

    @router.api_route("/count", methods=["GET", "POST"])
    async def count(request: Request) -> Response:
        """A text/plain number, as qBittorrent answers it."""
        return PlainTextResponse(str(len(engine_of(request).hashes())))

    @router.api_route("/properties", methods=["GET", "POST"])
    async def properties(request: Request) -> dict[str, Any]:
        p = await read_params(request)
        return properties_json(engine_of(request).get(p.single_hash()))

    @router.api_route("/trackers", methods=["GET", "POST"])
    async def trackers(request: Request) -> list[dict[str, Any]]:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        private = engine.get(info_hash).is_private
        s = engine.settings
        return trackers_json(
            engine.trackers(info_hash),
            dht=s.enable_dht and not private,
            pex=s.enable_pex and not private,
            lsd=s.enable_lsd and not private,
        )

    @router.api_route("/webseeds", methods=["GET", "POST"])
    async def webseeds(request: Request) -> list[dict[str, str]]:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        return [{"url": url} for url in engine.web_seeds(info_hash)]

    @router.api_route("/files", methods=["GET", "POST"])
    async def files(request: Request) -> list[dict[str, Any]]:
        engine = engine_of(request)
        p = await read_params(request)
        rows = [file_json(f) for f in engine.files(p.single_hash())]
        if p.has("indexes"):
            wanted = {_index(i) for i in p.separated("indexes", "|")}
            rows = [r for r in rows if r["index"] in wanted]
        return rows

    @router.api_route("/pieceStates", methods=["GET", "POST"])
    async def piece_states(request: Request) -> list[int]:
        """Per-piece state, derived from file progress (see the engine-gap note below).

        The engine exposes no per-piece bitfield yet; a piece is reported as downloaded
        when the whole torrent or every file it belongs to is complete. That is exact for
        finished torrents and conservative (never claims a piece we lack) otherwise.
        """
        engine = engine_of(request)
        p = await read_params(request)
        t = engine.get(p.single_hash())
        if not t.has_metadata or t.pieces_num <= 0:
            return []
        if t.progress >= 1.0 or t.pieces_have >= t.pieces_num:
            return [PIECE_HAVE] * t.pieces_num
        states = [PIECE_MISSING] * t.pieces_num
        files = engine.files(t.hash)
        incomplete: set[int] = set()
        for f in files:
            first, last = f.piece_range
            if f.progress < 1.0:
                incomplete.update(range(first, last + 1))
        for f in files:
            first, last = f.piece_range
            if f.progress >= 1.0:
                for piece in range(first, min(last, t.pieces_num - 1) + 1):
                    if piece not in incomplete:
                        states[piece] = PIECE_HAVE
        return states

    @router.api_route("/pieceHashes", methods=["GET", "POST"])
    async def piece_hashes(request: Request) -> list[str]:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        engine.get(info_hash)
        ti = _metainfo(engine, info_hash)
        if ti is None:
            return []
        return [str(ti.hash_for_piece(i)) for i in range(ti.num_pieces())]

    @router.api_route("/downloadLimit", methods=["GET", "POST"])
    async def download_limit(request: Request) -> dict[str, int]:
        engine = engine_of(request)
        p = await read_params(request)
        return {t.hash: t.dl_limit for t in engine.torrents(hashes=p.hashes())}

    @router.api_route("/uploadLimit", methods=["GET", "POST"])
    async def upload_limit(request: Request) -> dict[str, int]:
        engine = engine_of(request)
        p = await read_params(request)
        return {t.hash: t.up_limit for t in engine.torrents(hashes=p.hashes())}

    return router


def _row_of(entry: RowEntry) -> Json:
    return entry.row


def _index(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise bad_request("'indexes' must be integers") from None
