"""SABnzbd as a manager sees it: queue and history slots mapped to ``DownloadClientItem``.

A job lives in SABnzbd's *queue* while it downloads and in its *history* from
post-processing on (verify, repair, unpack, move), so only a history ``Completed`` is
importable; every other history status still counts as downloading. The mapping follows
Sonarr's, including its one special failure: "Unpacking failed, write error or disk is
full?" is a warning (the operator frees space and retries), not a failure that would
blocklist a good release.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import PurePath
from typing import ClassVar

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
    ValidationFailure,
)
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    parse_client_path,
)
from mediastack.manager.download_clients.sabnzbd.models import (
    SabnzbdCategory,
    SabnzbdConfig,
    SabnzbdHistory,
    SabnzbdQueue,
)
from mediastack.manager.download_clients.sabnzbd.proxy import SabnzbdProxy
from mediastack.manager.download_clients.sabnzbd.settings import SabnzbdSettings

log = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_CATEGORY = "*"
ENCRYPTED_PREFIX = "ENCRYPTED / "
DISK_FULL = "Unpacking failed, write error or disk is full?"
MSG_ENCRYPTED = "Encrypted download detected: the release needs a password"
MIN_VERSION = (0, 7, 0)
PRE_CHECK_OK_VERSION = (1, 1, 0)

_VERSION = re.compile(r"(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+|x)", re.IGNORECASE)


def parse_timeleft(text: str | None) -> float | None:
    """``H:MM:SS`` or ``D:H:MM:SS`` -> seconds (hours may exceed 24); None if unreadable."""
    if not text:
        return None
    pieces = text.strip().split(":")
    try:
        numbers = [int(p) for p in pieces]
    except ValueError:
        return None
    if len(numbers) == 3:
        days, (hours, minutes, seconds) = 0, numbers
    elif len(numbers) == 4:
        days, hours, minutes, seconds = numbers
    else:
        return None
    if min(numbers) < 0:
        return None
    return float(((days * 24 + hours) * 60 + minutes) * 60 + seconds)


def parse_sabnzbd_version(text: str) -> tuple[int, int, int] | None:
    """``4.5.1`` -> (4, 5, 1); ``x`` as patch means any (0); None for ``develop`` etc."""
    match = _VERSION.search(text)
    if not match:
        return None
    patch = match["patch"]
    return int(match["major"]), int(match["minor"]), 0 if patch.lower() == "x" else int(patch)


def _belongs(item_category: str | None, wanted: str) -> bool:
    """Sonarr's filter: our category, or SABnzbd's default ``*`` when we have none."""
    if wanted:
        return item_category == wanted
    return item_category in (None, "", DEFAULT_CATEGORY)


def map_queue(queue: SabnzbdQueue) -> list[DownloadClientItem]:
    """Queue slots -> items (Deleted ones skipped). Pure, so tested on built JSON."""
    items: list[DownloadClientItem] = []
    for slot in queue.slots:
        if slot.status.lower() == "deleted":
            continue
        title = slot.filename
        encrypted = title.startswith(ENCRYPTED_PREFIX)
        if encrypted:
            title = title[len(ENCRYPTED_PREFIX) :]
        status_name = slot.status.lower()
        remaining_time = parse_timeleft(slot.timeleft)
        if (queue.paused and slot.priority.lower() != "force") or status_name == "paused":
            status = DownloadItemStatus.PAUSED
            remaining_time = None
        elif status_name in ("queued", "grabbing", "propagating"):
            status = DownloadItemStatus.QUEUED
        else:
            status = DownloadItemStatus.DOWNLOADING
        item = DownloadClientItem(
            download_id=slot.nzo_id,
            title=title,
            category=slot.cat or None,
            total_size=int(slot.mb * MB),
            remaining_size=int(slot.mbleft * MB),
            remaining_time=remaining_time,
            status=status,
            can_move_files=True,
            can_be_removed=True,
            is_encrypted=encrypted,
            protocol="usenet",
        )
        if encrypted:
            item.status = DownloadItemStatus.WARNING
            item.message = MSG_ENCRYPTED
        items.append(item)
    return items


def _job_folder(storage: PurePath, title: str) -> PurePath:
    """``storage`` may name a file inside the job folder; prefer the folder named like the job.

    The outermost ancestor with the job's name wins, as in Sonarr, so a job whose folder
    contains a same-named sub-folder still imports the whole job.
    """
    result = storage
    for parent in storage.parents:
        if parent.name and parent.name == title:
            result = parent
    return result


def map_history(
    history: SabnzbdHistory, *, host: str, mapper: RemotePathMapper
) -> list[DownloadClientItem]:
    """History slots -> items (Deleted ones skipped). Pure, so tested on built JSON."""
    items: list[DownloadClientItem] = []
    for slot in history.slots:
        status_name = slot.status.lower()
        if status_name == "deleted":
            continue
        if status_name == "failed":
            disk_full = slot.fail_message.strip().lower() == DISK_FULL.lower()
            status = DownloadItemStatus.WARNING if disk_full else DownloadItemStatus.FAILED
        elif status_name == "completed":
            status = DownloadItemStatus.COMPLETED
        else:
            # Verifying, Repairing, Extracting, Moving, Running...: post-processing.
            status = DownloadItemStatus.DOWNLOADING
        item = DownloadClientItem(
            download_id=slot.nzo_id,
            title=slot.name,
            category=slot.category or None,
            total_size=slot.bytes,
            remaining_size=0,
            remaining_time=0.0,
            status=status,
            message=slot.fail_message or None,
            can_move_files=True,
            can_be_removed=True,
            protocol="usenet",
        )
        output = mapper.remote_to_local(host, slot.storage)
        if output is not None:
            item.output_path = _job_folder(output, slot.name)
        items.append(item)
    return items


def category_paths(config: SabnzbdConfig, complete_dir: str) -> dict[str, PurePath]:
    """Each category's absolute output folder on the SABnzbd side."""
    root = parse_client_path(complete_dir)
    paths: dict[str, PurePath] = {}
    for category in config.categories:
        folder = category.dir.rstrip("*").rstrip("/\\")
        if not folder:
            paths[category.name] = root
            continue
        own = parse_client_path(folder)
        paths[category.name] = own if own.is_absolute() else root / own
    return paths


class Sabnzbd(DownloadClientProvider):
    """The SABnzbd provider; also drives our own usenet service (same API)."""

    protocol: ClassVar[Protocol] = "usenet"
    implementation: ClassVar[str] = "Sabnzbd"

    def __init__(
        self,
        settings: SabnzbdSettings,
        *,
        client_id: int | None = None,
        name: str = "",
        category_field: str = "category",
        mapper: RemotePathMapper | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(client_id=client_id, name=name)
        self.settings = settings
        self.category_field = category_field
        self.mapper = mapper or RemotePathMapper()
        self.proxy = SabnzbdProxy(settings, http=http)

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
            field = (
                "apiKey"
                if self.settings.api_key.get_secret_value() or not (self.settings.username)
                else "username"
            )
            failures.append(ValidationFailure(field, str(exc).removeprefix("SABnzbd: ")))
        except DownloadClientUnavailableError as exc:
            failures.append(ValidationFailure("host", f"Unable to connect to SABnzbd: {exc}"))
        except DownloadClientError as exc:
            failures.append(ValidationFailure("", f"Unable to test SABnzbd: {exc}"))
        return failures

    async def _test(self, failures: list[ValidationFailure]) -> None:
        text = await self.proxy.get_version()
        version = parse_sabnzbd_version(text)
        if version is None:
            if "develop" not in text.lower():
                failures.append(ValidationFailure("", f"Unknown SABnzbd version {text!r}"))
                return
            failures.append(
                ValidationFailure(
                    "",
                    "SABnzbd develop version, assuming version 3.0.0 or higher",
                    is_warning=True,
                )
            )
            version = (3, 0, 0)
        if version < MIN_VERSION:
            failures.append(ValidationFailure("", f"Old SABnzbd version {text}, please upgrade"))
            return
        # get_config is the first keyed call: an API key problem surfaces here.
        config = await self.proxy.get_config()
        misc = config.misc
        if misc.pre_check and version < PRE_CHECK_OK_VERSION:
            failures.append(
                ValidationFailure("", "Disable the 'Check before download' option in SABnzbd")
            )
        wanted = self.settings.category or DEFAULT_CATEGORY
        category = next((c for c in config.categories if c.name == wanted), None)
        if category is None:
            if self.settings.category:
                failures.append(
                    ValidationFailure(
                        self.category_field,
                        f"Category '{wanted}' does not exist in SABnzbd",
                        detailed_description="SABnzbd files jobs with an unknown category "
                        "under '*', where this manager would never see them. Create it "
                        "under Config > Categories.",
                    )
                )
        else:
            self._test_category(category, failures)
        self._test_sorting(config, wanted, failures)
        if misc.removes_completed_downloads:
            failures.append(
                ValidationFailure(
                    "",
                    "SABnzbd removes completed jobs from its history by itself; imports may "
                    "miss them. Keep all jobs in the history (Config > Switches)",
                    is_warning=True,
                )
            )

    def _test_category(self, category: SabnzbdCategory, failures: list[ValidationFailure]) -> None:
        if category.dir.endswith("*"):
            failures.append(
                ValidationFailure(
                    self.category_field,
                    "Enable Job folders",
                    detailed_description=f"SABnzbd category '{category.name}' puts all "
                    "files of all jobs in one folder; the manager needs a folder per job.",
                )
            )

    def _test_sorting(
        self, config: SabnzbdConfig, category: str, failures: list[ValidationFailure]
    ) -> None:
        """Sorting renames and moves files behind the manager's back: it must be off."""
        misc = config.misc
        legacy = (
            ("TV", misc.enable_tv_sorting, misc.tv_categories),
            ("Movie", misc.enable_movie_sorting, misc.movie_categories),
            ("Date", misc.enable_date_sorting, misc.date_categories),
        )
        for label, enabled, categories in legacy:
            if enabled and category in categories:
                failures.append(
                    ValidationFailure(
                        self.category_field,
                        f"Disable {label} Sorting for category '{category}' in SABnzbd",
                    )
                )
        for sorter in config.sorters:
            if sorter.is_active and category in sorter.sort_cats:
                failures.append(
                    ValidationFailure(
                        self.category_field,
                        f"Disable the SABnzbd sorter '{sorter.name}' for category '{category}'",
                    )
                )

    # ------------------------------------------------------------------ add

    async def add_nzb(
        self,
        release: ReleaseInfo,
        nzb: bytes,
        filename: str,
        *,
        category: str | None = None,
        priority: int | None = None,
    ) -> str:
        if priority is None:
            chosen = (
                self.settings.recent_priority if release.is_recent else self.settings.older_priority
            )
            priority = int(chosen)
        target = category if category is not None else self.settings.category
        return await self.proxy.download_nzb(nzb, filename, target or None, priority)

    # ------------------------------------------------------------------ items

    async def _queue_items(self) -> list[DownloadClientItem]:
        return map_queue(await self.proxy.get_queue(self.category))

    async def _history_items(self) -> list[DownloadClientItem]:
        history = await self.proxy.get_history(self.category, self.settings.history_limit)
        return map_history(history, host=self.settings.host, mapper=self.mapper)

    async def get_items(self) -> list[DownloadClientItem]:
        queued, finished = await asyncio.gather(self._queue_items(), self._history_items())
        items = [*queued, *finished]
        wanted = self.settings.category
        return [self._stamp(i) for i in items if _belongs(i.category, wanted)]

    async def remove_item(self, download_id: str, delete_data: bool) -> None:
        """Delete from the queue if it is still there, else from the history.

        Failed jobs are deleted outright (``archive=0``): SABnzbd's archive keeps them
        hidden but on record, which only makes sense for jobs that were imported.
        """
        if any(i.download_id == download_id for i in await self._queue_items()):
            await self.proxy.remove_from("queue", download_id, delete_data)
            return
        history = {i.download_id: i for i in await self._history_items()}
        found = history.get(download_id)
        failed = found is not None and found.status is DownloadItemStatus.FAILED
        await self.proxy.remove_from(
            "history", download_id, delete_data, archive=False if failed else None
        )

    async def get_status(self) -> DownloadClientInfo:
        config = await self.proxy.get_config()
        complete_dir = config.misc.complete_dir
        if not parse_client_path(complete_dir).is_absolute():
            complete_dir = await self.proxy.get_complete_dir()
        paths = category_paths(config, complete_dir)
        remote = paths.get(self.settings.category) or paths.get(DEFAULT_CATEGORY)
        local = self.mapper.remote_to_local(self.settings.host, remote) if remote else None
        return DownloadClientInfo(
            is_localhost=self.settings.is_localhost,
            output_root_folders=(local,) if local is not None else (),
            removes_completed_downloads=config.misc.removes_completed_downloads,
        )
