"""``/api/v2/sync``: ``maindata`` (incremental by ``rid``) and ``torrentPeers``.

The WebUI and dashboards poll ``sync/maindata?rid=N`` every second or two. As in
qBittorrent, the server remembers what it last sent to each client (per SID cookie, or per
address for a subnet-exempt client) and answers with only what changed since then:
changed fields of changed torrents, removed hashes, new or changed categories, removed
categories, new and removed tags, and changed ``server_state`` fields. A client asking
with ``rid=0`` or with any rid other than the last one handed to it (it restarted, or
missed an answer) gets ``full_update: true`` and everything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.core.http import client_address
from mediastack.torrent.api.auth import SID_COOKIE, require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import read_params
from mediastack.torrent.api.mapping import (
    RowCache,
    RowEntry,
    category_json,
    json_bytes,
    server_state_json,
)
from mediastack.torrent.engine import TorrentEngine

Json = dict[str, Any]

MAX_CLIENTS = 256


@dataclass
class Snapshot:
    """What one client was last sent. Torrent rows are the shared :class:`RowEntry` objects,
    so an unchanged torrent is recognised by identity without comparing its fields."""

    rid: int
    torrents: dict[str, RowEntry] = field(default_factory=dict)
    categories: dict[str, Json] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    server_state: Json = field(default_factory=dict)


def take_snapshot(engine: TorrentEngine, rows: RowCache, rid: int) -> Snapshot:
    items = engine.torrents()
    torrents = {t.hash: rows.entry(t) for t in items}
    rows.forget_missing(set(torrents))
    return Snapshot(
        rid=rid,
        torrents=torrents,
        categories={name: category_json(c) for name, c in engine.categories().items()},
        tags=engine.tags(),
        server_state=server_state_json(engine.transfer_info()),
    )


def full_answer(snap: Snapshot) -> bytes:
    """The whole state as JSON, the torrents joined from their stored fragments (the keys
    are hex hashes, which need no escaping)."""
    torrents = b",".join(b'"%s":%s' % (h.encode(), e.sync_json) for h, e in snap.torrents.items())
    return b"".join(
        (
            b'{"categories":',
            json_bytes(snap.categories),
            b',"full_update":true,"rid":',
            str(snap.rid).encode(),
            b',"server_state":',
            json_bytes(snap.server_state),
            b',"tags":',
            json_bytes(snap.tags),
            b',"torrents":{',
            torrents,
            b'},"trackers":{}}',
        )
    )


def diff_answer(old: Snapshot, new: Snapshot) -> Json:
    """Only what differs between two snapshots, in qBittorrent's incremental shape."""
    answer: Json = {"rid": new.rid}
    torrents: dict[str, Json] = {}
    for info_hash, entry in new.torrents.items():
        before = old.torrents.get(info_hash)
        if before is entry:
            continue
        if before is None:
            torrents[info_hash] = entry.sync_row
            continue
        previous = before.row
        changed = {k: v for k, v in entry.row.items() if k != "hash" and previous.get(k) != v}
        if changed:
            torrents[info_hash] = changed
    if torrents:
        answer["torrents"] = torrents
    removed = [h for h in old.torrents if h not in new.torrents]
    if removed:
        answer["torrents_removed"] = removed
    categories = {n: c for n, c in new.categories.items() if old.categories.get(n) != c}
    if categories:
        answer["categories"] = categories
    categories_removed = [n for n in old.categories if n not in new.categories]
    if categories_removed:
        answer["categories_removed"] = categories_removed
    tags = [t for t in new.tags if t not in old.tags]
    if tags:
        answer["tags"] = tags
    tags_removed = [t for t in old.tags if t not in new.tags]
    if tags_removed:
        answer["tags_removed"] = tags_removed
    state = {k: v for k, v in new.server_state.items() if old.server_state.get(k) != v}
    if state:
        answer["server_state"] = state
    return answer


class SyncStore:
    """Last snapshot per client, bounded (least recently used clients are forgotten)."""

    def __init__(self, max_clients: int = MAX_CLIENTS) -> None:
        self._clients: OrderedDict[str, Snapshot] = OrderedDict()
        self._max = max_clients
        self._guard = threading.Lock()

    def answer(self, client: str, rid: int, engine: TorrentEngine, rows: RowCache) -> bytes:
        """The JSON body for one ``sync/maindata`` call of ``client``."""
        with self._guard:
            previous = self._clients.get(client)
            next_rid = (previous.rid if previous else 0) + 1
            snap = take_snapshot(engine, rows, next_rid)
            self._clients[client] = snap
            self._clients.move_to_end(client)
            while len(self._clients) > self._max:
                self._clients.popitem(last=False)
        if previous is None or rid == 0 or rid != previous.rid:
            return full_answer(snap)
        return json_bytes(diff_answer(previous, snap))

    def forget(self, client: str) -> None:
        with self._guard:
            self._clients.pop(client, None)


def _client_key(request: Request) -> str:
    sid = request.cookies.get(SID_COOKIE)
    return f"sid:{sid}" if sid else f"addr:{client_address(request)}"


def sync_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/sync", dependencies=[Depends(require_session)])

    @router.api_route("/maindata", methods=["GET", "POST"])
    async def maindata(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        try:  # qBittorrent treats an unreadable rid as 0: a full update
            rid = int(p.text("rid", "0"))
        except ValueError:
            rid = 0
        state = api_state(request)
        body = state.sync.answer(_client_key(request), rid, engine, state.rows)
        return Response(body, media_type="application/json")

    @router.api_route("/torrentPeers", methods=["GET", "POST"])
    async def torrent_peers(request: Request) -> Json:
        """Always a full update (peer lists are small and short-lived)."""
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        peers: dict[str, Json] = {}
        for peer in engine.peers(info_hash):
            key = f"[{peer.ip}]:{peer.port}" if ":" in peer.ip else f"{peer.ip}:{peer.port}"
            peers[key] = {
                "client": peer.client,
                "connection": peer.connection,
                "country": "",
                "country_code": "",
                "dl_speed": peer.dl_speed,
                "downloaded": peer.downloaded,
                "files": "",
                "flags": peer.flags,
                "flags_desc": "",
                "ip": peer.ip,
                "port": peer.port,
                "progress": peer.progress,
                "relevance": 0,
                "up_speed": peer.up_speed,
                "uploaded": peer.uploaded,
            }
        return {
            "full_update": True,
            "peers": peers,
            "rid": 1,
            "show_flags": True,
        }

    return router
