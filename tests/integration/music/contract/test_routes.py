"""Every Tier 1 and Tier 2 operation against Lidarr's OpenAPI document (see ``routes``)."""

from __future__ import annotations

import pytest

from tests.integration.music.contract.conftest import MusicRig
from tests.integration.music.contract.routes import NOT_IN_TIERS, NULLABLE, OPS, TIER_PREFIXES
from tests.support.contract import Contract, Op, ids

LIDARR = Contract("lidarr", "2.", OPS, NOT_IN_TIERS, TIER_PREFIXES, NULLABLE)


def test_the_table_is_the_documents_tier_operations() -> None:
    LIDARR.check_table()


@pytest.mark.parametrize("op", OPS, ids=ids(OPS))
def test_operation(rig: MusicRig, op: Op) -> None:
    LIDARR.check(op, rig)
