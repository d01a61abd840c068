"""Seeding limits: which limit applies to a torrent and whether it has been reached.

Resolution order per limit is torrent -> category -> global, where :data:`USE_GLOBAL` (-2)
means "ask the next level" and :data:`NO_LIMIT` (-1) means "no limit" and stops the search.
Pure functions; the engine calls :func:`limit_reached` on every finished torrent from a
periodic tick and from the torrent-finished alert, then applies the action.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.torrent.engine.models import NO_LIMIT, USE_GLOBAL, ShareLimits
from mediastack.torrent.engine.settings import ShareLimitAction

MAX_RATIO = 9999.0
"""qBittorrent caps the displayed ratio here."""


@dataclass(frozen=True, slots=True)
class EffectiveLimits:
    """The limits that apply: ratio (-1 none), seeding time in minutes (-1 none), action."""

    ratio: float
    seeding_time: int
    action: ShareLimitAction

    @property
    def any(self) -> bool:
        return self.ratio >= 0 or self.seeding_time >= 0


def _pick_ratio(*levels: float) -> float:
    for value in levels:
        if value != USE_GLOBAL:
            return NO_LIMIT if value < 0 else value
    return NO_LIMIT


def _pick_time(*levels: int) -> int:
    for value in levels:
        if value != USE_GLOBAL:
            return NO_LIMIT if value < 0 else value
    return NO_LIMIT


def effective_limits(
    torrent: ShareLimits,
    category: ShareLimits | None,
    global_ratio: float | None,
    global_seeding_time: int | None,
    global_action: ShareLimitAction,
) -> EffectiveLimits:
    """Resolve the torrent's limits through its category to the global settings."""
    cat = category or ShareLimits()
    g_ratio = NO_LIMIT if global_ratio is None else global_ratio
    g_time = NO_LIMIT if global_seeding_time is None else global_seeding_time
    return EffectiveLimits(
        ratio=_pick_ratio(torrent.ratio_limit, cat.ratio_limit, g_ratio),
        seeding_time=_pick_time(torrent.seeding_time_limit, cat.seeding_time_limit, g_time),
        action=torrent.action or cat.action or global_action,
    )


def share_ratio(uploaded: int, downloaded: int, total_done: int) -> float:
    """qBittorrent's ratio: a torrent added with its data counts its size as downloaded."""
    download = total_done if downloaded < total_done * 0.01 else downloaded
    if download <= 0:
        return 0.0 if uploaded <= 0 else MAX_RATIO
    return min(uploaded / download, MAX_RATIO)


def limit_reached(limits: EffectiveLimits, ratio: float, seeding_time_s: int) -> bool:
    """True when the ratio or seeding-time limit (minutes) has been reached."""
    if limits.ratio >= 0 and ratio >= limits.ratio:
        return True
    return limits.seeding_time >= 0 and seeding_time_s >= limits.seeding_time * 60
