"""The managers' own health checks: download clients and indexers, as System > Status shows.

They read the stored definitions and ask each enabled download client for its status, with
a short timeout, so an unreachable client shows up before a grab fails on it.
"""

from __future__ import annotations

import asyncio

from mediastack.core.health import HealthCheck, HealthLevel, HealthResult
from mediastack.manager.download_clients.factory import create_provider
from mediastack.manager.download_clients.store import DownloadClient, DownloadClientStore
from mediastack.manager.indexers.store import IndexerStore

CLIENT_TIMEOUT_SECONDS = 10.0


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


def indexer_check(store: IndexerStore) -> HealthCheck:
    async def check() -> list[HealthResult]:
        indexers = await asyncio.to_thread(store.all)
        results = []
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
