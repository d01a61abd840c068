"""The one-box stack: where `mediastack up` keeps its wiring, and how the roles are linked.

Each service keeps its own secrets in its own config.yaml (as on Kubernetes, where each pod
has its own /config). The stack file beside them records what only the supervisor knows:
the ports it chose and the shared login it generated, so that a second `up` and
`mediastack credentials` see the same values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediastack.core.auth import generate_api_key, generate_password, hash_password
from mediastack.core.config import config_dir_for
from mediastack.core.config.yamlfile import read_yaml, update_yaml
from mediastack.core.roles import MANAGER_ROLES, ROLE_FACTS, Role

STACK_FILE = "stack.yaml"
PEER_PORT = 6881
ONE_BOX_PORTS: dict[Role, int] = {
    Role.TV: 8989,
    Role.MOVIES: 7878,
    Role.MUSIC: 8686,
    Role.TORRENT: 8080,
    Role.USENET: 8085,  # both download clients default to 8080; on one box usenet moves
}


@dataclass(frozen=True)
class StackLayout:
    data_root: Path
    host: str
    ports: dict[Role, int]
    username: str
    password: str

    def url(self, role: Role) -> str:
        host = "localhost" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104
        return f"http://{host}:{self.ports[role]}"

    def config_dir(self, role: Role) -> Path:
        return config_dir_for(self.data_root, role)


def stack_file(data_root: Path) -> Path:
    return data_root / "config" / STACK_FILE


def prepare(data_root: Path, host: str, port_offset: int = 0) -> StackLayout:
    """Create or reuse the stack's tree, secrets and wiring; idempotent across restarts."""
    data_root = data_root.resolve()
    for sub in (
        "downloads/torrents",
        "downloads/usenet/incomplete",
        "media/tv",
        "media/movies",
        "media/music",
    ):
        (data_root / sub).mkdir(parents=True, exist_ok=True)
    path = stack_file(data_root)
    stack = read_yaml(path).get("stack") or {}
    ports = {
        role: int(stack.get("ports", {}).get(role.value, 0)) or port
        for role, port in ONE_BOX_PORTS.items()
    }
    if port_offset:
        ports = {role: port + port_offset for role, port in ONE_BOX_PORTS.items()}
    username = str(stack.get("username") or "admin")
    password = str(stack.get("password") or generate_password())
    update_yaml(
        path,
        "stack",
        {
            "host": host,
            "ports": {r.value: p for r, p in ports.items()},
            "username": username,
            "password": password,
        },
    )
    layout = StackLayout(data_root, host, ports, username, password)
    keys = {role: _ensure_service_secrets(layout, role) for role in Role}
    update_yaml(
        layout.config_dir(Role.TORRENT) / "config.yaml",
        "service",
        _torrent_network(host, PEER_PORT + port_offset),
    )
    for role in MANAGER_ROLES:
        update_yaml(
            layout.config_dir(role) / "config.yaml", "provision", _links(layout, role, keys)
        )
    return layout


def _torrent_network(host: str, peer_port: int) -> dict[str, Any]:
    """Where the torrent service meets peers. A stack bound to loopback is a local one:
    peers on loopback only, and no DHT, LSD, UPnP or NAT-PMP reaching past the machine."""
    loopback = host.startswith("127.") or host in ("localhost", "::1")
    network: dict[str, Any] = {"listen_port": peer_port}
    if loopback:
        network |= {
            "listen_interface": host,
            "enable_dht": False,
            "enable_pex": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
        }
    return network


def _ensure_service_secrets(layout: StackLayout, role: Role) -> str:
    config = layout.config_dir(role) / "config.yaml"
    auth = read_yaml(config).get("auth") or {}
    values: dict[str, Any] = {}
    key = auth.get("api_key") or generate_api_key()
    if not auth.get("api_key"):
        values["api_key"] = key
    if not auth.get("password_hash"):
        values["username"] = layout.username
        values["password_hash"] = hash_password(layout.password)
    if values:
        update_yaml(config, "auth", values)
    return str(key)


def _links(layout: StackLayout, role: Role, keys: dict[Role, str]) -> dict[str, Any]:
    category = ROLE_FACTS[role].category
    host = "127.0.0.1" if layout.host in ("0.0.0.0", "::", "") else layout.host  # noqa: S104
    return {
        "download_clients": [
            {
                "name": "mediastack torrent",
                "implementation": "QBittorrent",
                "host": host,
                "port": layout.ports[Role.TORRENT],
                "username": layout.username,
                "password": layout.password,
                "category": category,
            },
            {
                "name": "mediastack usenet",
                "implementation": "Sabnzbd",
                "host": host,
                "port": layout.ports[Role.USENET],
                "api_key": keys[Role.USENET],
                "category": category,
            },
        ]
    }


def load_layout(data_root: Path) -> StackLayout:
    data_root = data_root.resolve()
    stack = read_yaml(stack_file(data_root)).get("stack")
    if not stack:
        raise FileNotFoundError(f"no stack in {data_root}; run `mediastack up` there first")
    ports = {Role(k): int(v) for k, v in stack["ports"].items()}
    return StackLayout(data_root, stack["host"], ports, stack["username"], stack["password"])


def credentials(layout: StackLayout) -> dict[str, dict[str, Any]]:
    """Every service's URL and credentials, keyed by role, for scripts."""
    result: dict[str, dict[str, Any]] = {}
    for role in Role:
        auth = read_yaml(layout.config_dir(role) / "config.yaml").get("auth") or {}
        entry: dict[str, Any] = {"url": layout.url(role)}
        if role is Role.TORRENT:
            entry |= {"username": layout.username, "password": layout.password}
        else:
            entry["api_key"] = auth.get("api_key")
        result[role.value] = entry
    return result


def credentials_json(data_root: Path) -> str:
    return json.dumps(credentials(load_layout(data_root)), indent=2)
