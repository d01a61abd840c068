"""The minimum-seeders rule, as a plain function for the decision engine to wrap.

Like the originals, a torrent whose seeder count the indexer did not report is accepted
(many feeds omit it), and Usenet releases are never subject to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from mediastack.manager.indexers.models import ReleaseInfo

__all__ = ["filter_minimum_seeders", "minimum_seeders_rejection"]


def minimum_seeders_rejection(release: ReleaseInfo, minimum_seeders: int) -> str | None:
    """Why ``release`` fails the indexer's minimum-seeders setting, or ``None`` if it passes."""
    if release.protocol != "torrent" or release.seeders is None:
        return None
    if release.seeders < minimum_seeders:
        return f"Not enough seeders: {release.seeders}. Minimum seeders: {minimum_seeders}"
    return None


def filter_minimum_seeders(
    releases: Iterable[ReleaseInfo], minimum_seeders: int
) -> list[ReleaseInfo]:
    return [r for r in releases if minimum_seeders_rejection(r, minimum_seeders) is None]
