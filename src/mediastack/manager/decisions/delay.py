"""Delay profiles: which protocol is preferred and how long to wait for it.

A delay keeps a fresh release pending for a while in case one of the preferred protocol
(or a better quality) turns up. Every install has the global profile (id 1, no tags,
ordered last, preferring Usenet with no delay, as the originals ship it); more profiles
apply to the items carrying one of their tags, the first in ``order`` winning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mediastack.manager.indexers.models import DownloadProtocol

GLOBAL_ID = 1
GLOBAL_ORDER = 2**31 - 1  # the originals' int.MaxValue: the global profile comes last


@dataclass(frozen=True, slots=True)
class DelayProfile:
    preferred_protocol: DownloadProtocol = "usenet"
    enable_usenet: bool = True
    enable_torrent: bool = True
    usenet_delay_minutes: int = 0
    torrent_delay_minutes: int = 0
    bypass_if_highest_quality: bool = True
    bypass_if_above_custom_format_score: bool = False
    minimum_custom_format_score: int = 0
    tags: tuple[int, ...] = ()
    id: int = GLOBAL_ID
    order: int = GLOBAL_ORDER

    def delay_minutes(self, protocol: DownloadProtocol) -> int:
        return self.usenet_delay_minutes if protocol == "usenet" else self.torrent_delay_minutes

    def allows(self, protocol: DownloadProtocol) -> bool:
        return self.enable_usenet if protocol == "usenet" else self.enable_torrent


def default_delay_profile() -> DelayProfile:
    """The global profile every install starts with."""
    return DelayProfile()


def best_for_tags(profiles: Sequence[DelayProfile], tags: Iterable[int]) -> DelayProfile:
    """The first profile (by ``order``) sharing a tag with the item, or without tags."""
    wanted = set(tags)
    for profile in sorted(profiles, key=lambda p: p.order):
        if not profile.tags or wanted & set(profile.tags):
            return profile
    return default_delay_profile()
