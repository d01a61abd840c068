"""Handing an accepted release to a download client, and recording the grab.

The client is chosen by protocol among the enabled ones: the indexer's own download client
when it names one, else the lowest priority number (then the oldest). The grab is recorded
as one GRABBED history event per item (episode, movie, album), all with the client's
download id; that record is what later ties the download in the client back to the items
(queue, import).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from mediastack.manager.download_clients.base import ReleaseInfo as ClientRelease
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore
from mediastack.manager.grab.download import fetch_release_file
from mediastack.manager.grab.resources import custom_formats, languages, quality_model
from mediastack.manager.grab.runtime import GrabRuntime
from mediastack.manager.history import HistoryEventType, HistoryStore, NewHistoryEvent
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.search.domain import SearchDomain
from mediastack.manager.search.model import ReleaseDecision

log = logging.getLogger(__name__)

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741
PROTOCOL_CODES = {"usenet": 1, "torrent": 2}


class GrabError(Exception):
    """The release could not be sent (no client for the protocol, download failed...)."""


@dataclass(frozen=True, slots=True)
class GrabResult:
    download_id: str
    client: DownloadClient


def choose_client(
    clients: list[DownloadClient], protocol: str, preferred_id: int = 0
) -> DownloadClient:
    usable = [c for c in clients if c.enable and c.definition.protocol == protocol]
    if not usable:
        label = "Usenet" if protocol == "usenet" else "Torrent"
        raise GrabError(f"No {label} download client is enabled")
    for client in usable:
        if preferred_id and client.id == preferred_id:
            return client
    return min(usable, key=lambda c: (c.priority, c.id))


def _safe_filename(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " ._-()[]" else "_" for ch in title)
    return cleaned.strip()[:200] or "release"


class Grabber(Generic[S, I]):
    def __init__(
        self,
        domain: SearchDomain[S, I],
        runtime: GrabRuntime,
        clients: DownloadClientStore,
        history: HistoryStore,
    ) -> None:
        self.domain = domain
        self.runtime = runtime
        self.clients = clients
        self.history = history
        # called after the grab's history is written (notifications); must not raise
        self.on_grabbed: Callable[[ReleaseDecision[S, I], GrabResult], None] | None = None

    async def grab(
        self, decision: ReleaseDecision[S, I], preferred_client_id: int = 0
    ) -> GrabResult:
        """Send the release; must run on the grab loop."""
        release = decision.remote.release
        client = choose_client(self.clients.list(), release.protocol, preferred_client_id)
        provider = self.runtime.provider_for(client)
        info = ClientRelease(title=release.title, is_recent=self.domain.is_recent(decision.items))
        if release.protocol == "torrent":
            payload: bytes | str
            if release.magnet_url and not release.download_url:
                payload = release.magnet_url
            else:
                payload = await fetch_release_file(
                    self.runtime.http,
                    release.download_url or release.magnet_url or "",
                    self.runtime.settings.max_release_file_bytes,
                )
            download_id = await provider.add_torrent(
                info, payload, filename=f"{_safe_filename(release.title)}.torrent"
            )
        else:
            nzb = await fetch_release_file(
                self.runtime.http,
                release.download_url,
                self.runtime.settings.max_release_file_bytes,
            )
            if isinstance(nzb, str):
                raise GrabError("The indexer answered an NZB download with a magnet link")
            download_id = await provider.add_nzb(info, nzb, f"{_safe_filename(release.title)}.nzb")
        self.history.add(self._events(decision, client, download_id))
        log.info("grabbed %r with %s as %s", release.title, client.name, download_id)
        if self.on_grabbed is not None:
            self.on_grabbed(decision, GrabResult(download_id, client))
        return GrabResult(download_id, client)

    def _events(
        self, decision: ReleaseDecision[S, I], client: DownloadClient, download_id: str
    ) -> list[NewHistoryEvent]:
        candidate = decision.decision.candidate
        release = candidate.release
        parsed = candidate.parsed
        data = grab_data(release, client, candidate.custom_format_score)
        data |= self.domain.grab_data(decision.remote)
        data["releaseGroup"] = parsed.release_group or ""
        subject = decision.subject
        assert subject is not None  # only mapped releases are grabbed
        app = self.domain.app
        return [
            NewHistoryEvent(
                event_type=HistoryEventType.GRABBED,
                item_id=self.domain.subject_id(subject),
                child_id=self.domain.item_id(item),
                source_title=release.title,
                quality=quality_model(app, candidate.quality, candidate.revision),
                languages=languages(app, parsed.languages),
                custom_formats=custom_formats(candidate.custom_formats),
                custom_format_score=candidate.custom_format_score,
                download_id=download_id,
                data=data,
            )
            for item in decision.items
        ]


def grab_data(release: ReleaseInfo, client: DownloadClient, score: int) -> dict[str, object]:
    """The originals' grab ``data`` keys (camelCase, string values once stored); the
    domain adds its ids (``tvdbId``, ``tmdbId``...)."""
    age = release.age()
    return {
        "indexer": release.indexer,
        "indexerId": release.indexer_id or 0,
        "nzbInfoUrl": release.info_url or "",
        "downloadClient": client.definition.implementation,
        "downloadClientName": client.name,
        "downloadClientId": client.id,
        "size": release.size or 0,
        "age": age.days,
        "ageHours": round(age.total_seconds() / 3600, 2),
        "ageMinutes": round(age.total_seconds() / 60, 2),
        "publishedDate": release.publish_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "downloadUrl": release.download_url,
        "guid": release.guid,
        "protocol": PROTOCOL_CODES[release.protocol],
        "protocolName": release.protocol,
        "torrentInfoHash": release.info_hash or "",
        "customFormatScore": score,
        "releaseSource": "Unknown",
    }
