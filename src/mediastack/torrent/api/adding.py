"""``torrents/add``: uploads, magnets and URLs, with qBittorrent's answers.

qBittorrent answers ``Ok.`` when at least one item was added and ``Fails.`` when none was
(duplicates, unusable magnets, refused URLs): the managers read only that body. An
uploaded file that is not a torrent is the one hard error: ``415`` with the sentence
``Error: '<name>' is not a valid torrent file.``

Unlike qBittorrent (which answers ``Ok.`` and downloads a URL later), URLs are fetched
before answering, so the caller learns about a dead link at once and the torrent is
visible to the very next ``torrents/info``. Only ``http``/``https`` are fetched, with a
byte cap enforced while streaming and redirects followed by hand (a redirect to a
``magnet:`` link, as indexer proxies send, becomes a magnet add).
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import UploadFile

from mediastack.core.http import ApiError
from mediastack.torrent.api.forms import Params, bad_request
from mediastack.torrent.engine import (
    USE_GLOBAL,
    AddTorrentOptions,
    CategoryError,
    ContentLayout,
    DuplicateTorrentError,
    InvalidMagnetError,
    InvalidTorrentError,
    TorrentEngine,
    TorrentEngineError,
)
from mediastack.torrent.fetching import FetchRefused, fetch
from mediastack.torrent.settings import TorrentApiSettings

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # the engine refuses larger .torrent files anyway
_BARE_HASH = re.compile(r"^(?:[0-9a-fA-F]{40}|[A-Za-z2-7]{32})$")


@dataclass(frozen=True)
class AddResult:
    added: list[str]
    failures: list[str]


def allowed_roots(engine: TorrentEngine, downloads_dir: Path) -> list[Path]:
    s = engine.settings
    roots = [downloads_dir, s.save_path]
    if s.incomplete_path is not None:
        roots.append(s.incomplete_path)
    return [r.resolve() for r in roots]


def confined_path(raw: str, engine: TorrentEngine, downloads_dir: Path, what: str) -> Path:
    """An absolute path for ``raw`` (relative = below the default save path), which must
    stay inside the downloads tree: an API caller must not make the service write anywhere
    the process can (qBittorrent would; we do not)."""
    path = Path(raw.strip())
    if not path.is_absolute():
        path = engine.settings.save_path / path
    resolved = path.resolve()
    if not any(
        resolved == r or resolved.is_relative_to(r) for r in allowed_roots(engine, downloads_dir)
    ):
        raise ApiError(403, f"{what} must be inside the downloads folder: {raw}")
    return resolved


def add_options(p: Params, engine: TorrentEngine, downloads_dir: Path) -> AddTorrentOptions:
    """The form of ``torrents/add`` as engine options (wrong types are a 400)."""
    layout: ContentLayout | None = None
    raw_layout = p.optional("contentLayout")
    if raw_layout:
        try:
            layout = ContentLayout(raw_layout)
        except ValueError:
            raise bad_request(f"unknown contentLayout {raw_layout!r}") from None
    else:
        root_folder = p.optional_bool("root_folder")  # WebAPI < 2.7 spelling
        if root_folder is not None:
            layout = ContentLayout.SUBFOLDER if root_folder else ContentLayout.NO_SUBFOLDER
    stopped = p.optional_bool("stopped")
    if stopped is None:
        stopped = p.optional_bool("paused")
    save_path = p.optional("savepath")
    download_path = p.optional("downloadPath")
    use_download_path = p.optional_bool("useDownloadPath")
    return AddTorrentOptions(
        category=p.text("category", "").strip(),
        tags=p.separated("tags", ",", ""),
        save_path=confined_path(save_path, engine, downloads_dir, "savepath")
        if save_path
        else None,
        download_path=confined_path(download_path, engine, downloads_dir, "downloadPath")
        if download_path and use_download_path is not False
        else None,
        paused=stopped,
        sequential=p.boolean("sequentialDownload", False),
        first_last_piece_prio=p.boolean("firstLastPiecePrio", False),
        skip_checking=p.boolean("skip_checking", False),
        content_layout=layout,
        rename=p.text("rename", "").strip(),
        download_limit=max(0, p.integer("dlLimit", 0)),
        upload_limit=max(0, p.integer("upLimit", 0)),
        ratio_limit=p.number("ratioLimit", USE_GLOBAL),
        seeding_time_limit=p.integer("seedingTimeLimit", USE_GLOBAL),
    )


async def read_upload(name: str, upload: UploadFile) -> bytes:
    """The uploaded bytes, refused (415, as an unreadable torrent) past the size cap."""
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(415, f"Error: '{name}' is not a valid torrent file.")
    return data


async def fetch_url(url: str, api: TorrentApiSettings) -> bytes | str:
    """GET a .torrent (bytes) or follow a redirect to a magnet link (str)."""
    return await fetch(url, max_bytes=api.url_max_bytes, timeout=api.url_timeout_s)


def ensure_category(engine: TorrentEngine, category: str) -> None:
    """qBittorrent creates an unknown category on add instead of refusing the torrent."""
    if category and category not in engine.categories():
        try:
            engine.create_category(category)
        except CategoryError as exc:
            raise ApiError(400, f"Incorrect category name: {exc}") from None


async def add_item(engine: TorrentEngine, item: bytes | str, options: AddTorrentOptions) -> str:
    """Add one item; a .torrent is validated in a worker thread (scanning a large or hostile
    file takes a moment and must not stall the event loop)."""
    if isinstance(item, str):
        return engine.add_magnet(item, options)
    return await asyncio.to_thread(engine.add_torrent_file, item, options)


async def add_from_request(
    engine: TorrentEngine, p: Params, api: TorrentApiSettings, downloads_dir: Path
) -> AddResult:
    """Add every URL/magnet and every uploaded file of one ``torrents/add`` request.

    URLs are fetched and uploads read first; then everything is added in one worker thread
    inside one engine batch, so a request with many files pays for one disk flush instead of
    one per torrent, and the answer still comes after they are all durable.
    """
    options = add_options(p, engine, downloads_dir)
    ensure_category(engine, options.category)
    failures: list[str] = []
    links: list[tuple[str, bytes | str]] = []
    for raw in (p.optional("urls") or "").splitlines():
        url = raw.strip()
        if not url:
            continue
        if url.lower().startswith("magnet:"):
            links.append((url, url))
        elif _BARE_HASH.fullmatch(url):
            links.append((url, f"magnet:?xt=urn:btih:{url}"))
        else:
            try:
                links.append((url, await fetch_url(url, api)))
            except FetchRefused as exc:
                failures.append(f"{_safe(url)}: {exc}")
    uploads = [
        (name, await read_upload(name, upload))
        for name, upload in ((u.filename or n, u) for n, u in p.uploads)
    ]
    added = await asyncio.to_thread(_add_all, engine, links, uploads, options, failures)
    for failure in failures:
        log.warning("torrent not added: %s", failure)
    return AddResult(added, failures)


def _add_all(
    engine: TorrentEngine,
    links: list[tuple[str, bytes | str]],
    uploads: list[tuple[str, bytes]],
    options: AddTorrentOptions,
    failures: list[str],
) -> list[str]:
    """Add links then uploads, as qBittorrent does: an unreadable upload stops there (415)."""
    added: list[str] = []
    with engine.batch():
        for url, item in links:
            try:
                if isinstance(item, str):
                    added.append(engine.add_magnet(item, options))
                else:
                    added.append(engine.add_torrent_file(item, options))
            except (InvalidMagnetError, InvalidTorrentError, DuplicateTorrentError) as exc:
                failures.append(f"{_safe(url)}: {exc}")
        for filename, data in uploads:
            try:
                added.append(engine.add_torrent_file(data, options))
            except InvalidTorrentError as exc:
                log.warning("refused torrent file %r: %s", filename, exc)
                raise ApiError(415, f"Error: '{filename}' is not a valid torrent file.") from None
            except TorrentEngineError as exc:
                failures.append(f"{filename}: {exc}")
    return added


def _safe(url: str) -> str:
    """A URL for the log without its query string (passkeys live there)."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "magnet":
        return url[:120]
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
