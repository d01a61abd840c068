"""qBittorrent as a manager sees it: torrents mapped to ``DownloadClientItem`` and back.

The state table covers qBittorrent 4.x names and the 5.x renames (``pausedUP`` ->
``stoppedUP``, ``pausedDL`` -> ``stoppedDL``) and follows Sonarr's mapping, because users'
expectations (what counts as finished, what is a warning) were formed by it. A torrent is
"completed" as soon as its data is complete, whatever it does next (seeding, queued for
seeding, stopped); it may only be *removed* once it is stopped and a seeding goal is met,
so imports never cut seeding short.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import httpx

from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    DownloadClientError,
    DownloadClientInfo,
    DownloadClientItem,
    DownloadClientProvider,
    DownloadClientUnavailableError,
    DownloadItemStatus,
    Protocol,
    ReleaseInfo,
    ReleaseRejectedError,
    ValidationFailure,
)
from mediastack.manager.download_clients.qbittorrent.models import (
    ETA_INFINITE,
    USE_GLOBAL_LIMIT,
    QBittorrentPreferences,
    QBittorrentTorrent,
)
from mediastack.manager.download_clients.qbittorrent.proxy import (
    API_ADD_SHARE_LIMITS,
    API_CATEGORIES,
    API_CONTENT_PATH,
    QBittorrentProxy,
    Version,
)
from mediastack.manager.download_clients.qbittorrent.settings import (
    QBittorrentPriority,
    QBittorrentSettings,
    QBittorrentState,
)
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    parse_client_path,
)

log = logging.getLogger(__name__)

ONE_YEAR = 365 * 24 * 3600
SEEDING_TIME_CACHE_SECONDS = 300.0

MSG_ERROR = "qBittorrent is reporting an error"
MSG_MISSING_FILES = "qBittorrent is reporting missing files"
MSG_STALLED = "The download is stalled with no connections"
MSG_NO_DHT = "qBittorrent cannot resolve magnet link with DHT disabled"
MSG_PATH_IS_SAVE_PATH = (
    "Unable to Import. Path matches client base download directory, it's possible "
    "'Keep top-level folder' is disabled for this torrent or 'Torrent Content Layout' is "
    "NOT set to 'Original' or 'Create Subfolder'?"
)

# Data complete, whatever the torrent does now: import may start.
COMPLETED_STATES = frozenset(
    {"pausedUP", "stoppedUP", "uploading", "stalledUP", "queuedUP", "forcedUP"}
)
# Only a stopped finished torrent may be removed: a running one may still have a
# per-torrent goal that the API does not expose.
STOPPED_COMPLETE_STATES = frozenset({"pausedUP", "stoppedUP"})
_PAUSED = frozenset({"pausedDL", "stoppedDL"})
_QUEUED = frozenset({"queuedDL", "checkingDL", "checkingUP", "checkingResumeData"})
_META = frozenset({"metaDL", "forcedMetaDL"})
_DOWNLOADING = frozenset({"forcedDL", "moving", "downloading", "allocating"})


def map_state(state: str, *, dht_enabled: bool) -> tuple[DownloadItemStatus, str | None]:
    """qBittorrent ``state`` -> (status, message), 4.x and 5.x names."""
    if state == "error":
        return DownloadItemStatus.WARNING, MSG_ERROR
    if state == "missingFiles":
        return DownloadItemStatus.WARNING, MSG_MISSING_FILES
    if state in _PAUSED:
        return DownloadItemStatus.PAUSED, None
    if state in _QUEUED:
        return DownloadItemStatus.QUEUED, None
    if state in COMPLETED_STATES:
        return DownloadItemStatus.COMPLETED, None
    if state == "stalledDL":
        return DownloadItemStatus.WARNING, MSG_STALLED
    if state in _META:
        if dht_enabled:
            return DownloadItemStatus.QUEUED, None
        return DownloadItemStatus.WARNING, MSG_NO_DHT
    if state in _DOWNLOADING:
        return DownloadItemStatus.DOWNLOADING, None
    return DownloadItemStatus.DOWNLOADING, f"Unknown download state: {state}"


def remaining_seconds(eta: int) -> float | None:
    """qBittorrent's ETA, or None when it means "unknown" (8640000, negative, absurd)."""
    if eta < 0 or eta == ETA_INFINITE or eta > ONE_YEAR:
        return None
    return float(eta)


def _effective_limit(per_torrent: float, enabled: bool, global_limit: float) -> float | None:
    """Per-torrent limit, the global one for -2 when switched on, else None (no limit)."""
    if per_torrent >= 0:
        return per_torrent
    if per_torrent == USE_GLOBAL_LIMIT and enabled and global_limit >= 0:
        return global_limit
    return None


def seed_goal_reached(
    torrent: QBittorrentTorrent, prefs: QBittorrentPreferences, *, now: float
) -> bool:
    """Sonarr's ``HasReachedSeedLimit``: ratio, seeding time or inactive time met."""
    if torrent.ratio_limit >= 0:
        if torrent.ratio >= torrent.ratio_limit - 0.001:
            return True
    elif (
        torrent.ratio_limit == USE_GLOBAL_LIMIT
        and prefs.max_ratio_enabled
        and round(torrent.ratio, 2) >= prefs.max_ratio
    ):
        return True
    time_limit = _effective_limit(
        torrent.seeding_time_limit, prefs.max_seeding_time_enabled, prefs.max_seeding_time
    )
    if (
        time_limit is not None
        and torrent.seeding_time is not None
        and torrent.seeding_time >= time_limit * 60
    ):
        return True
    inactive_limit = _effective_limit(
        torrent.inactive_seeding_time_limit,
        prefs.max_inactive_seeding_time_enabled,
        prefs.max_inactive_seeding_time,
    )
    return inactive_limit is not None and now - torrent.last_activity > inactive_limit * 60


def needs_seeding_time(torrent: QBittorrentTorrent, prefs: QBittorrentPreferences) -> bool:
    """A time goal applies but ``torrents/info`` did not say how long it seeded."""
    if torrent.seeding_time is not None or torrent.state not in STOPPED_COMPLETE_STATES:
        return False
    limit = _effective_limit(
        torrent.seeding_time_limit, prefs.max_seeding_time_enabled, prefs.max_seeding_time
    )
    return limit is not None


def _same_path(a: str, b: str) -> bool:
    return parse_client_path(a) == parse_client_path(b)


def map_torrent(
    torrent: QBittorrentTorrent,
    *,
    prefs: QBittorrentPreferences,
    api_version: Version,
    host: str,
    mapper: RemotePathMapper,
    now: float,
) -> DownloadClientItem:
    """One ``torrents/info`` entry -> item. Pure, so it is tested on recorded responses."""
    status, message = map_state(torrent.state, dht_enabled=prefs.dht)
    remaining_time = remaining_seconds(torrent.eta)
    if status is DownloadItemStatus.COMPLETED:
        remaining_time = 0.0  # qBittorrent keeps counting an ETA towards the seed goal
    size = max(0, torrent.size)
    item = DownloadClientItem(
        download_id=torrent.hash.lower(),
        title=torrent.name,
        category=torrent.category or None,
        total_size=size,
        remaining_size=int(size * (1.0 - torrent.progress)),
        remaining_time=remaining_time,
        status=status,
        message=message,
        seed_ratio=torrent.ratio,
    )
    reached = torrent.state in STOPPED_COMPLETE_STATES and seed_goal_reached(
        torrent, prefs, now=now
    )
    item.seed_goal_reached = reached
    item.can_move_files = item.can_be_removed = reached
    if api_version >= API_CONTENT_PATH:
        # content_path is the root file or folder of the torrent. When it equals the save
        # path the torrent has no folder of its own and importing it would sweep up every
        # other download in that folder: refuse, as Sonarr does.
        if torrent.content_path and _same_path(torrent.content_path, torrent.save_path):
            if status is DownloadItemStatus.COMPLETED:
                item.status = DownloadItemStatus.WARNING
                item.message = MSG_PATH_IS_SAVE_PATH
        else:
            item.output_path = mapper.remote_to_local(host, torrent.content_path)
    return item


def torrent_info_hash(content: bytes) -> str:
    """The id qBittorrent gives a .torrent: v1 info-hash, else the v2 one cut to 40 hex.

    libtorrent parses the file (we do not hand-roll bencoding); a file it cannot parse is
    a bad release, not a client problem.
    """
    import libtorrent as lt

    try:
        hashes = lt.torrent_info(content).info_hashes()
    except RuntimeError as exc:
        raise ReleaseRejectedError(f"invalid .torrent file: {exc}") from exc
    if hashes.has_v1():
        return str(hashes.v1).lower()
    return str(hashes.v2).lower()[:40]


def magnet_info_hash(magnet: str) -> str:
    """Info-hash of a magnet link: hex or base32 ``btih``, or ``btmh`` (v2) cut to 40 hex."""
    parts = urlsplit(magnet)
    if parts.scheme != "magnet":
        # The manager fetches .torrent files itself (as Sonarr does) so it knows the hash.
        raise ValueError("only magnet links are sent by URL; pass .torrent files as bytes")
    for xt in parse_qs(parts.query).get("xt", []):
        lowered = xt.lower()
        if lowered.startswith("urn:btih:"):
            value = xt[len("urn:btih:") :]
            if len(value) == 40:
                return value.lower()
            if len(value) == 32:
                try:
                    return base64.b32decode(value.upper()).hex()
                except binascii.Error as exc:
                    raise ReleaseRejectedError(f"bad base32 info-hash in {magnet!r}") from exc
        if lowered.startswith("urn:btmh:1220") and len(xt) >= len("urn:btmh:1220") + 64:
            return lowered[len("urn:btmh:1220") :][:40]
    raise ReleaseRejectedError(f"magnet link without an info-hash: {magnet!r}")


def _magnet_has_trackers(magnet: str) -> bool:
    return bool(parse_qs(urlsplit(magnet).query).get("tr"))


@dataclass(slots=True)
class _SeedingTime:
    fetched: float
    seconds: int


class QBittorrent(DownloadClientProvider):
    """The qBittorrent provider; also drives our own torrent service (same WebAPI)."""

    protocol: ClassVar[Protocol] = "torrent"
    implementation: ClassVar[str] = "QBittorrent"

    def __init__(
        self,
        settings: QBittorrentSettings,
        *,
        client_id: int | None = None,
        name: str = "",
        category_field: str = "category",
        mapper: RemotePathMapper | None = None,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(client_id=client_id, name=name)
        self.settings = settings
        self.category_field = category_field
        self.mapper = mapper or RemotePathMapper()
        self.proxy = QBittorrentProxy(settings, http=http)
        self._clock = clock
        self._seeding_times: dict[str, _SeedingTime] = {}

    @property
    def category(self) -> str | None:
        return self.settings.category or None

    async def aclose(self) -> None:
        await self.proxy.aclose()

    # ------------------------------------------------------------------ test

    async def test(self) -> list[ValidationFailure]:
        failures: list[ValidationFailure] = []
        try:
            await self._test(failures)
        except DownloadClientAuthenticationError as exc:
            failures.append(ValidationFailure("username", f"Authentication failure: {exc}"))
            failures.append(ValidationFailure("password", "Check the username and password"))
        except DownloadClientUnavailableError as exc:
            failures.append(ValidationFailure("host", f"Unable to connect to qBittorrent: {exc}"))
        except DownloadClientError as exc:
            failures.append(ValidationFailure("", f"Unable to test qBittorrent: {exc}"))
        return failures

    async def _test(self, failures: list[ValidationFailure]) -> None:
        if not await self.proxy.is_api_v2():
            failures.append(
                ValidationFailure(
                    "", "qBittorrent older than 4.1 (WebAPI v1) is not supported, please upgrade"
                )
            )
            return
        version = await self.proxy.get_api_version(refresh=True)
        if version < (1, 5):
            failures.append(ValidationFailure("", "Old qBittorrent version, please upgrade"))
            return
        category = self.settings.category
        if category and version < (1, 6):
            failures.append(
                ValidationFailure(
                    self.category_field, "Category is not supported before qBittorrent 3.3.0"
                )
            )
            return
        prefs = await self.proxy.get_preferences()
        if prefs.removes_torrents:
            failures.append(
                ValidationFailure(
                    "",
                    "qBittorrent is configured to remove torrents when they reach their "
                    "share limit",
                    is_warning=True,
                    detailed_description="The manager may not get to import them: set "
                    "qBittorrent's action at the limit to 'Pause/Stop torrent'.",
                )
            )
        if not category:
            failures.append(
                ValidationFailure(
                    self.category_field,
                    "No category set: every torrent in qBittorrent will be treated as this "
                    "manager's; setting a category is strongly recommended",
                    is_warning=True,
                )
            )
        if version >= API_CATEGORIES:
            wanted = [c for c in (category, self.settings.post_import_category) if c]
            if wanted:
                existing = await self.proxy.get_categories()
                for name in wanted:
                    if name in existing:
                        continue
                    try:
                        await self.proxy.create_category(name)
                    except DownloadClientError as exc:
                        failures.append(
                            ValidationFailure(
                                self.category_field, f"Configuration of category failed: {exc}"
                            )
                        )
        uses_top = QBittorrentPriority.FIRST in (
            self.settings.recent_priority,
            self.settings.older_priority,
        )
        if uses_top and not prefs.queueing_enabled:
            failures.append(
                ValidationFailure(
                    "recentPriority",
                    "Queueing is not enabled in qBittorrent: priorities need it, or set "
                    "them to Last",
                )
            )
        await self.proxy.get_torrents(category or None)

    # ------------------------------------------------------------------ add

    async def add_torrent(
        self,
        release: ReleaseInfo,
        torrent: bytes | str,
        *,
        filename: str | None = None,
        category: str | None = None,
    ) -> str:
        version = await self.proxy.get_api_version()
        form = self.proxy.add_form(
            version,
            category=category if category is not None else self.settings.category,
            seed_ratio=release.seed_ratio,
            seed_time_minutes=release.seed_time_minutes,
        )
        if isinstance(torrent, str):
            info_hash = magnet_info_hash(torrent)
            if not _magnet_has_trackers(torrent):
                prefs = await self.proxy.get_preferences()
                if not prefs.dht:
                    raise ReleaseRejectedError(
                        "magnet link has no trackers and qBittorrent has DHT disabled"
                    )
            added = await self.proxy.add_torrent_from_url(torrent, form)
        else:
            info_hash = torrent_info_hash(torrent)
            added = await self.proxy.add_torrent_from_file(
                filename or f"{release.title}.torrent", torrent, form
            )
        if not added:
            await self._explain_failed_add(info_hash, form.get("category", ""))
            return info_hash
        await self._after_add(info_hash, release, version)
        return info_hash

    async def _explain_failed_add(self, info_hash: str, category: str) -> None:
        """qBittorrent says ``Fails.`` for a duplicate too; a duplicate in our category is
        the grab we wanted (e.g. repeated after a restart), anything else is an error."""
        existing = await self.proxy.get_torrents(None, hashes=[info_hash])
        if not existing:
            raise DownloadClientError("qBittorrent failed to add the torrent (Fails.)")
        if existing[0].category != category:
            raise DownloadClientError(
                f"qBittorrent already has this torrent, in category {existing[0].category!r}"
            )
        log.info("qBittorrent already had torrent %s; treating the grab as done", info_hash)

    async def _after_add(self, info_hash: str, release: ReleaseInfo, version: Version) -> None:
        """Calls that need the torrent to exist; failures only warn, the grab stands."""
        s = self.settings
        wants_limits = release.seed_ratio is not None or release.seed_time_minutes is not None
        late_limits = wants_limits and version < API_ADD_SHARE_LIMITS
        priority = s.recent_priority if release.is_recent else s.older_priority
        move_to_top = priority is QBittorrentPriority.FIRST
        force_start = s.initial_state is QBittorrentState.FORCE_START
        if not (late_limits or move_to_top or force_start or release.tags):
            return
        if not await self.proxy.wait_for_torrent(info_hash):
            return
        steps: list[tuple[str, Callable[[], Awaitable[None]]]] = []
        if late_limits:
            steps.append(
                (
                    "share limits",
                    lambda: self.proxy.set_share_limits(
                        info_hash, release.seed_ratio, release.seed_time_minutes
                    ),
                )
            )
        if move_to_top:
            steps.append(("top priority", lambda: self.proxy.move_to_top(info_hash)))
        if force_start:
            steps.append(("force start", lambda: self.proxy.set_force_start(info_hash)))
        if release.tags:
            steps.append(("tags", lambda: self.proxy.add_tags(info_hash, release.tags)))
        for label, step in steps:
            try:
                await step()
            except DownloadClientError as exc:
                log.warning("qBittorrent: could not set %s on %s: %s", label, info_hash, exc)

    # ------------------------------------------------------------------ items

    async def get_items(self) -> list[DownloadClientItem]:
        version = await self.proxy.get_api_version()  # cached after the first call
        prefs, torrents = await asyncio.gather(
            self.proxy.get_preferences(), self.proxy.get_torrents(self.category)
        )
        now = self._clock()
        for torrent in torrents:
            if needs_seeding_time(torrent, prefs):
                torrent.seeding_time = await self._seeding_time(torrent.hash, now)
        items: list[DownloadClientItem] = []
        for torrent in torrents:
            item = map_torrent(
                torrent,
                prefs=prefs,
                api_version=version,
                host=self.settings.host,
                mapper=self.mapper,
                now=now,
            )
            if version < API_CONTENT_PATH and item.status is DownloadItemStatus.COMPLETED:
                item.output_path = await self._legacy_output_path(torrent.hash)
            items.append(self._stamp(item))
        live = {t.hash.lower() for t in torrents}
        self._seeding_times = {h: v for h, v in self._seeding_times.items() if h in live}
        return items

    async def _seeding_time(self, info_hash: str, now: float) -> int | None:
        """``properties.seeding_time``, cached: old servers lack it in ``torrents/info``."""
        key = info_hash.lower()
        cached = self._seeding_times.get(key)
        if cached and now - cached.fetched < SEEDING_TIME_CACHE_SECONDS:
            return cached.seconds
        props = await self.proxy.get_properties(key)
        if props is None:
            return None
        self._seeding_times[key] = _SeedingTime(now, props.seeding_time)
        return props.seeding_time

    async def _legacy_output_path(self, info_hash: str) -> PurePath | None:
        """API < 2.6.1: save path + first component of the first file's relative path."""
        props = await self.proxy.get_properties(info_hash)
        files = await self.proxy.get_files(info_hash)
        if props is None or not files:
            return None
        save = parse_client_path(props.save_path)
        first = files[0].name.split("/")[0]
        return self.mapper.remote_to_local(self.settings.host, save / first)

    async def remove_item(self, download_id: str, delete_data: bool) -> None:
        await self.proxy.remove_torrent(download_id, delete_data)
        self._seeding_times.pop(download_id.lower(), None)

    async def mark_item_as_imported(self, download_id: str) -> None:
        target = self.settings.post_import_category
        if not target or target == self.settings.category:
            return
        try:
            await self.proxy.set_category(download_id, target)
        except DownloadClientError as exc:
            # Relabelling is a convenience; the import itself succeeded.
            log.warning(
                "qBittorrent: could not move %s to post-import category %r: %s",
                download_id,
                target,
                exc,
            )

    async def get_status(self) -> DownloadClientInfo:
        prefs = await self.proxy.get_preferences()
        version = await self.proxy.get_api_version()
        destination = parse_client_path(prefs.save_path)
        if self.settings.category and version >= API_CATEGORIES:
            category = (await self.proxy.get_categories()).get(self.settings.category)
            if category and category.save_path:
                own = parse_client_path(category.save_path)
                destination = own if own.is_absolute() else destination / own
        local = self.mapper.remote_to_local(self.settings.host, destination)
        return DownloadClientInfo(
            is_localhost=self.settings.is_localhost,
            output_root_folders=(local,) if local is not None else (),
            removes_completed_downloads=prefs.removes_torrents,
        )
