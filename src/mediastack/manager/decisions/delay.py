"""Delay profiles: which protocol is preferred and how long to wait for it.

A delay keeps a fresh release pending for a while in case one of the preferred protocol
(or a better quality) turns up. The engine ships one default profile, preferring Usenet
with no delay, as the originals do on a new install; more profiles (by tag) can be added
later without touching the rules, which only read ``DelayProfile``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.manager.indexers.models import DownloadProtocol


@dataclass(frozen=True, slots=True)
class DelayProfile:
    preferred_protocol: DownloadProtocol = "usenet"
    enable_usenet: bool = True
    enable_torrent: bool = True
    usenet_delay_minutes: int = 0
    torrent_delay_minutes: int = 0
    bypass_if_highest_quality: bool = True
    tags: tuple[int, ...] = ()

    def delay_minutes(self, protocol: DownloadProtocol) -> int:
        return self.usenet_delay_minutes if protocol == "usenet" else self.torrent_delay_minutes

    def allows(self, protocol: DownloadProtocol) -> bool:
        return self.enable_usenet if protocol == "usenet" else self.enable_torrent


def default_delay_profile() -> DelayProfile:
    """The profile every install starts with (and the only one, for now)."""
    return DelayProfile()
