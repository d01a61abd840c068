"""The settings the grab path reads: delay profiles, release profiles, remote path mappings.

Wires their stores, their routes, the decision maker that applies the profiles by the
library items' tags, and the path mapper the download clients translate paths with; the
grab setup picks the last two up from ``ctx.extras``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.api.delayprofile import delayprofile_router
from mediastack.manager.api.releaseprofile import releaseprofile_router
from mediastack.manager.api.remotepathmapping import remotepathmapping_router
from mediastack.manager.decisions import DecisionMaker
from mediastack.manager.decisions.profile_store import DelayProfileStore, ReleaseProfileStore
from mediastack.manager.decisions.rules import DecisionRules
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.path_mapping_store import RemotePathMappingStore
from mediastack.manager.indexers.store import IndexerStore
from mediastack.manager.library.index import library_index

DECISION_MAKER = "decision_maker"
PATH_MAPPER = "remote_path_mapper"


def setup_grab_settings(ctx: ServiceContext, app: FastAPI, domain: ManagerDomain) -> None:
    def tagged_items() -> Mapping[int, Sequence[int]]:
        index = library_index(ctx)  # set later by the domain's setup; read when needed
        return index.tagged_items() if index is not None else {}

    holder: list[DecisionRules] = []

    def changed() -> None:
        for rules in holder:
            rules.invalidate()

    delays = DelayProfileStore(ctx.database, changed)
    releases = ReleaseProfileStore(ctx.database, changed)
    rules = DecisionRules(delays.list, releases.list, tagged_items)
    holder.append(rules)
    ctx.extras[DECISION_MAKER] = DecisionMaker(rules=rules)
    mappings = RemotePathMappingStore(ctx.database)
    ctx.extras[PATH_MAPPER] = mappings.mapper()
    indexers: IndexerStore = ctx.extras["indexers"]

    def indexer_exists(indexer_id: int) -> bool:
        return indexers.get(indexer_id) is not None

    base = ctx.settings.http.url_base
    app.include_router(delayprofile_router(domain, delays), prefix=base)
    app.include_router(releaseprofile_router(domain, releases, indexer_exists), prefix=base)
    app.include_router(remotepathmapping_router(domain, mappings), prefix=base)
