"""Every Tier 1 and Tier 2 operation against Radarr's OpenAPI document (see ``routes``)."""

from __future__ import annotations

import pytest

from tests.integration.movies.contract.conftest import MovieRig
from tests.integration.movies.contract.routes import NOT_IN_TIERS, NULLABLE, OPS, TIER_PREFIXES
from tests.support.contract import Contract, Op, ids

RADARR = Contract("radarr", "5.", OPS, NOT_IN_TIERS, TIER_PREFIXES, NULLABLE)


def test_the_table_is_the_documents_tier_operations() -> None:
    RADARR.check_table()


@pytest.mark.parametrize("op", OPS, ids=ids(OPS))
def test_operation(rig: MovieRig, op: Op) -> None:
    RADARR.check(op, rig)
