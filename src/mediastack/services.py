"""The registry of roles: the only module that knows every service."""

from __future__ import annotations

from importlib import import_module

from mediastack.core.http import ServiceSpec
from mediastack.core.roles import Role

_MODULES = {
    Role.TV: "mediastack.tv.service",
    Role.MOVIES: "mediastack.movies.service",
    Role.MUSIC: "mediastack.music.service",
    Role.TORRENT: "mediastack.torrent.service",
    Role.USENET: "mediastack.usenet.service",
}


def spec_for(role: Role) -> ServiceSpec:
    """The role's service description; imported lazily, as a process serves one role."""
    spec = import_module(_MODULES[role]).spec()
    assert isinstance(spec, ServiceSpec)
    return spec
