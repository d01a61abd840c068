"""The five roles and the facts about them that the whole stack agrees on.

Kept in core because settings, the supervisor and the deployment manifests all need the
same names, ports and folder names; it names the roles but imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    TV = "tv"
    MOVIES = "movies"
    MUSIC = "music"
    TORRENT = "torrent"
    USENET = "usenet"


@dataclass(frozen=True, slots=True)
class RoleFacts:
    role: Role
    stands_in_for: str
    config_folder: str  # the seed's folder name under /config, so existing shares keep working
    default_port: int
    category: str | None  # download-client category a manager files its downloads under
    media_folder: str | None


ROLE_FACTS: dict[Role, RoleFacts] = {
    Role.TV: RoleFacts(Role.TV, "Sonarr", "sonarr", 8989, "tv", "tv"),
    Role.MOVIES: RoleFacts(Role.MOVIES, "Radarr", "radarr", 7878, "movies", "movies"),
    Role.MUSIC: RoleFacts(Role.MUSIC, "Lidarr", "lidarr", 8686, "music", "music"),
    Role.TORRENT: RoleFacts(Role.TORRENT, "qBittorrent", "qbittorrent", 8080, None, None),
    Role.USENET: RoleFacts(Role.USENET, "SABnzbd", "sabnzbd", 8080, None, None),
}

MANAGER_ROLES: tuple[Role, ...] = (Role.TV, Role.MOVIES, Role.MUSIC)
