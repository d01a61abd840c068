"""Every Tier 1 and Tier 2 operation against Sonarr's OpenAPI document (see ``routes``)."""

from __future__ import annotations

import pytest

from tests.integration.tv.contract.conftest import Contract
from tests.integration.tv.contract.routes import NOT_IN_TIERS, OPS, TIER_PREFIXES
from tests.support.contract import Contract as Document
from tests.support.contract import Op, ids

SONARR = Document(
    "sonarr",
    "4.",
    OPS,
    NOT_IN_TIERS,
    TIER_PREFIXES,
    # an episode not yet dated, a file without a scene name: left out when null
    frozenset({"airDateUtc", "imdbId", "sceneName", "wikiUrl", "downloadId", "outputPath"}),
)


def test_the_table_is_the_documents_tier_operations() -> None:
    SONARR.check_table()


@pytest.mark.parametrize("op", OPS, ids=ids(OPS))
def test_operation(contract: Contract, op: Op) -> None:
    SONARR.check(op, contract)
