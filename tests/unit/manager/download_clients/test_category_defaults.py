"""A client added from the schema lands in the original's own category, per manager."""

from __future__ import annotations

import pytest

from mediastack.manager.download_clients.definitions import client_definitions


@pytest.mark.parametrize(
    ("field", "qbittorrent", "sabnzbd"),
    [
        ("tvCategory", "tv-sonarr", "tv"),
        ("movieCategory", "radarr", "movies"),
        ("musicCategory", "lidarr", "music"),
    ],
)
def test_category_defaults_follow_the_original(field: str, qbittorrent: str, sabnzbd: str) -> None:
    definitions = client_definitions(field)
    defaults = {
        name: {f.name: f.default for f in d.fields}[field] for name, d in definitions.items()
    }
    assert defaults == {"QBittorrent": qbittorrent, "Sabnzbd": sabnzbd}
