"""The managers' own health checks: download clients and indexers, as System > Status shows.

They read the stored definitions and ask each enabled download client for its status, with
a short timeout, so an unreachable client shows up before a grab fails on it.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from mediastack.core.health import HealthCheck, HealthLevel, HealthResult
from mediastack.manager.download_clients.factory import create_provider
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore
from mediastack.manager.indexers.definitions import create_client, settings_from_fields
from mediastack.manager.indexers.store import Indexer, IndexerStore

CLIENT_TIMEOUT_SECONDS = 10.0
INDEXER_TIMEOUT_SECONDS = 10.0
INDEXER_PROBE_TTL_SECONDS = 300.0  # an indexer is asked at most this often for health


async def _client_problem(client: DownloadClient, category_field: str) -> HealthResult | None:
    provider = create_provider(client, category_field)
    try:
        await asyncio.wait_for(provider.get_status(), CLIENT_TIMEOUT_SECONDS)
    except Exception as exc:
        reason = str(exc) or type(exc).__name__
        return HealthResult(
            "DownloadClientCheck",
            HealthLevel.ERROR,
            f"Unable to communicate with {client.name}. {reason}",
        )
    finally:
        await provider.aclose()
    return None


def download_client_check(store: DownloadClientStore) -> HealthCheck:
    async def check() -> list[HealthResult]:
        enabled = [c for c in await asyncio.to_thread(store.list) if c.enable]
        if not enabled:
            return [
                HealthResult(
                    "DownloadClientCheck",
                    HealthLevel.WARNING,
                    "No download client is available",
                )
            ]
        found = await asyncio.gather(*(_client_problem(c, store.category_field) for c in enabled))
        return [r for r in found if r is not None]

    return check


async def _indexer_problem(indexer: Indexer) -> str | None:
    try:
        settings = settings_from_fields(indexer.definition, indexer.settings)
        async with httpx.AsyncClient(timeout=INDEXER_TIMEOUT_SECONDS) as http:
            client = create_client(
                indexer.definition, settings, name=indexer.name, http=http, min_interval=0
            )
            await asyncio.wait_for(client.fetch_caps(refresh=True), INDEXER_TIMEOUT_SECONDS)
    except Exception as exc:
        return str(exc) or type(exc).__name__
    return None


def indexer_check(store: IndexerStore) -> HealthCheck:
    probed: dict[int, tuple[float, str, str | None]] = {}  # id -> (when, settings, problem)

    async def unavailable(indexers: list[Indexer]) -> list[str]:
        now = time.monotonic()
        stale = [
            i
            for i in indexers
            if i.id not in probed
            or now - probed[i.id][0] > INDEXER_PROBE_TTL_SECONDS
            or probed[i.id][1] != repr(sorted(i.settings.items()))
        ]
        problems = await asyncio.gather(*(_indexer_problem(i) for i in stale))
        for indexer, problem in zip(stale, problems, strict=True):
            probed[indexer.id] = (now, repr(sorted(indexer.settings.items())), problem)
        return [f"{i.name} ({probed[i.id][2]})" for i in indexers if probed[i.id][2]]

    async def check() -> list[HealthResult]:
        indexers = await asyncio.to_thread(store.all)
        results = []
        enabled = [
            i
            for i in indexers
            if i.enable_rss or i.enable_automatic_search or i.enable_interactive_search
        ]
        down = await unavailable(enabled)
        if down:
            results.append(
                HealthResult(
                    "IndexerStatusCheck",
                    HealthLevel.WARNING,
                    "Indexers unavailable: " + ", ".join(down),
                )
            )
        if not any(i.enable_rss for i in indexers):
            results.append(
                HealthResult(
                    "IndexerRssCheck",
                    HealthLevel.WARNING,
                    "No indexers available with RSS sync enabled, new releases will not be "
                    "grabbed automatically",
                )
            )
        if not any(i.enable_automatic_search for i in indexers):
            results.append(
                HealthResult(
                    "IndexerSearchCheck",
                    HealthLevel.WARNING,
                    "No indexers available with Automatic Search enabled, searches will not "
                    "find anything",
                )
            )
        return results

    return check
