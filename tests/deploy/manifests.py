"""Small helpers over rendered Kubernetes objects."""

from __future__ import annotations

from typing import Any

Obj = dict[str, Any]

# The seed's services: Deployment/Service name -> (role, port, config folder).
SERVICES: dict[str, tuple[str, int]] = {
    "sonarr": ("tv", 8989),
    "radarr": ("movies", 7878),
    "lidarr": ("music", 8686),
    "qbittorrent": ("torrent", 8080),
    "sabnzbd": ("usenet", 8080),
}
MANAGERS = ("sonarr", "radarr", "lidarr")
DOWNLOAD_CLIENTS = ("qbittorrent", "sabnzbd")
CATEGORIES = {"sonarr": "tv", "radarr": "movies", "lidarr": "music"}
NAMESPACE = "media-services"


def of_kind(objs: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objs if o["kind"] == kind]


def one(objs: list[Obj], kind: str, name: str) -> Obj:
    found = [o for o in of_kind(objs, kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def container(deployment: Obj, name: str = "mediastack") -> Obj:
    spec = deployment["spec"]["template"]["spec"]
    found = [c for c in spec["containers"] if c["name"] == name]
    assert len(found) == 1, f"{deployment['metadata']['name']}: no container {name}"
    return found[0]


def env_of(c: Obj) -> dict[str, Obj]:
    return {e["name"]: e for e in c.get("env", [])}
