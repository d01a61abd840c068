"""The registry of roles: the only module that knows every service."""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.web.pages import install_web

_MODULES = {
    Role.TV: "mediastack.tv.service",
    Role.MOVIES: "mediastack.movies.service",
    Role.MUSIC: "mediastack.music.service",
    Role.TORRENT: "mediastack.torrent.service",
    Role.USENET: "mediastack.usenet.service",
}


def spec_for(role: Role) -> ServiceSpec:
    """The role's service description, with the shared web pages; imported lazily."""
    spec = import_module(_MODULES[role]).spec()
    assert isinstance(spec, ServiceSpec)
    role_setup = spec.setup

    def setup(ctx: ServiceContext, app: FastAPI) -> None:
        role_setup(ctx, app)
        install_web(app)

    return replace(spec, setup=setup)
