"""The movie domain as the manager engine sees it."""

from __future__ import annotations

from mediastack.core.http import ServiceSpec
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.service import manager_spec

DOMAIN = ManagerDomain(
    role=Role.MOVIES,
    app_name="Radarr",
    version="5.26.2.10099",
    api_version="v3",
    category_field="movieCategory",
    library_ids_field="movieIds",
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
