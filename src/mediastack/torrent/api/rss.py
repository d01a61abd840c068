"""``/api/v2/rss``: feeds, folders, articles and auto-download rules, as qBittorrent 5.1.

Tree operations answer ``409`` with qBittorrent's sentence when refused (an existing path,
a missing parent, a duplicate URL); marking, refreshing, renaming and removing rules ignore
unknown names with ``200``, as qBittorrent does. Two deliberate differences, both refusals
of bad input that qBittorrent accepts silently: a ``ruleDef`` that is not a JSON object is
``400`` (qBittorrent stores an empty rule that accepts every title), and a rule whose save
or download path lies outside the downloads folder is ``403``, like ``torrents/add``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import add_item, confined_path, ensure_category
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import TorrentApiState, api_state
from mediastack.torrent.api.forms import bad_request, read_params
from mediastack.torrent.engine import (
    AddTorrentOptions,
    ContentLayout,
    DuplicateTorrentError,
    ShareLimitAction,
    TorrentEngineError,
)
from mediastack.torrent.fetching import FetchRefused, fetch
from mediastack.torrent.rss.rules import Rule, TorrentParams
from mediastack.torrent.rss.session import Adder, AddOutcome, Fetcher, RssSession
from mediastack.torrent.rss.store import RssStore
from mediastack.torrent.rss.tree import RssError

log = logging.getLogger(__name__)

_ACTIONS = {
    "Stop": ShareLimitAction.PAUSE,
    "Remove": ShareLimitAction.REMOVE,
    "RemoveWithContent": ShareLimitAction.REMOVE_WITH_FILES,
}


def rule_options(params: TorrentParams, state: TorrentApiState) -> AddTorrentOptions:
    """A rule's ``torrentParams`` as engine add options; paths confined (403) like adds."""
    engine = state.engine
    downloads = state.settings.downloads_dir.resolve()
    save = (
        confined_path(params.save_path, engine, downloads, "savePath") if params.save_path else None
    )
    download = None
    if params.use_download_path and params.download_path:
        download = confined_path(params.download_path, engine, downloads, "downloadPath")
    return AddTorrentOptions(
        category=params.category,
        tags=params.tags,
        save_path=save,
        download_path=download,
        paused=params.stopped,
        force_start=params.forced,
        skip_checking=params.skip_checking,
        content_layout=ContentLayout(params.content_layout) if params.content_layout else None,
        download_limit=max(0, params.download_limit),
        upload_limit=max(0, params.upload_limit),
        ratio_limit=params.ratio_limit,
        seeding_time_limit=params.seeding_time_limit,
        share_limit_action=_ACTIONS.get(params.share_limit_action),
    )


def rss_adder(state: TorrentApiState) -> Adder:
    async def add(url: str, params: TorrentParams) -> AddOutcome:
        engine = state.engine
        try:
            options = rule_options(params, state)
            ensure_category(engine, options.category)
            item = url if url.lower().startswith("magnet:") else await _fetch_torrent(url, state)
            info_hash = await add_item(engine, item, options)
        except DuplicateTorrentError:
            return AddOutcome.DUPLICATE
        except (ApiError, FetchRefused, TorrentEngineError) as exc:
            log.warning("RSS: torrent %s not added: %s", url[:120], exc)
            return AddOutcome.FAILED
        if params.add_to_top_of_queue and engine.settings.queueing_enabled:
            engine.queue_top([info_hash])
        state.log.add(f"Added new torrent. Torrent: {info_hash}")
        return AddOutcome.ADDED

    return add


async def _fetch_torrent(url: str, state: TorrentApiState) -> bytes | str:
    return await fetch(url, max_bytes=state.api.url_max_bytes, timeout=state.api.url_timeout_s)


def rss_fetcher(state: TorrentApiState) -> Fetcher:
    async def get(url: str) -> bytes:
        body = await fetch(
            url, max_bytes=state.api.rss_feed_max_bytes, timeout=state.api.url_timeout_s
        )
        if isinstance(body, str):
            raise FetchRefused("the feed URL redirects to a magnet link")
        return body

    return get


def make_rss_session(state: TorrentApiState) -> RssSession:
    return RssSession(
        RssStore(state.settings.config_dir / "rss"),
        lambda: state.api,
        rss_fetcher(state),
        rss_adder(state),
    )


class RssComponent:
    """Starts the refresh timer with the service and stops its fetches with it."""

    name = "torrent-rss"

    def __init__(self, session: RssSession) -> None:
        self.session = session

    async def start(self) -> None:
        await self.session.start()

    async def stop(self) -> None:
        await self.session.stop()


def _rule_from(raw: str, name: str, state: TorrentApiState) -> Rule:
    try:
        definition = json.loads(raw)
    except ValueError:
        raise bad_request("ruleDef is not valid JSON") from None
    if not isinstance(definition, dict):
        raise bad_request("ruleDef must be a JSON object")
    rule = Rule.from_json(definition, name)
    rule_options(rule.params, state)  # 403 for a path outside the downloads folder
    return rule


def install_rss_error_handler(app: FastAPI) -> None:
    """A refused tree operation is ``409`` with qBittorrent's sentence, as plain text."""

    async def on_rss_error(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(str(exc), status_code=409)

    app.add_exception_handler(RssError, on_rss_error)


def rss_router(session: RssSession) -> APIRouter:
    router = APIRouter(prefix="/api/v2/rss", dependencies=[Depends(require_session)])

    @router.post("/addFolder", response_class=PlainTextResponse)
    async def add_folder(request: Request) -> str:
        p = await read_params(request)
        session.add_folder(p.text("path"))
        return ""

    @router.post("/addFeed", response_class=PlainTextResponse)
    async def add_feed(request: Request) -> str:
        p = await read_params(request)
        url, path = p.text("url"), p.text("path")
        session.add_feed(url, path)
        return ""

    @router.post("/setFeedURL", response_class=PlainTextResponse)
    async def set_feed_url(request: Request) -> str:
        p = await read_params(request)
        path, url = p.text("path"), p.text("url")
        session.set_feed_url(path, url)
        return ""

    @router.post("/removeItem", response_class=PlainTextResponse)
    async def remove_item(request: Request) -> str:
        p = await read_params(request)
        session.remove(p.text("path"))
        return ""

    @router.post("/moveItem", response_class=PlainTextResponse)
    async def move_item(request: Request) -> str:
        p = await read_params(request)
        item, dest = p.text("itemPath"), p.text("destPath")
        session.move(item, dest)
        return ""

    @router.api_route("/items", methods=["GET", "POST"])
    async def items(request: Request) -> dict[str, Any]:
        with_data = (await read_params(request)).optional_bool("withData") or False
        return session.tree.root.to_json(with_data)

    @router.post("/markAsRead", response_class=PlainTextResponse)
    async def mark_as_read(request: Request) -> str:
        p = await read_params(request)
        session.mark_read(p.text("itemPath"), p.optional("articleId"))
        return ""

    @router.post("/refreshItem", response_class=PlainTextResponse)
    async def refresh_item(request: Request) -> str:
        session.refresh_item((await read_params(request)).text("itemPath"))
        return ""

    @router.post("/setRule", response_class=PlainTextResponse)
    async def set_rule(request: Request) -> str:
        p = await read_params(request)
        name, raw = p.text("ruleName"), p.text("ruleDef")
        session.set_rule(_rule_from(raw, name, api_state(request)))
        return ""

    @router.post("/renameRule", response_class=PlainTextResponse)
    async def rename_rule(request: Request) -> str:
        p = await read_params(request)
        session.rename_rule(p.text("ruleName"), p.text("newRuleName"))
        return ""

    @router.post("/removeRule", response_class=PlainTextResponse)
    async def remove_rule(request: Request) -> str:
        session.remove_rule((await read_params(request)).text("ruleName"))
        return ""

    @router.api_route("/rules", methods=["GET", "POST"])
    async def rules() -> dict[str, Any]:
        return {name: rule.to_json() for name, rule in session.rules.items()}

    @router.api_route("/matchingArticles", methods=["GET", "POST"])
    async def matching_articles(request: Request) -> dict[str, list[str]]:
        return session.matching_articles((await read_params(request)).text("ruleName"))

    return router
