"""The TV domain as the manager engine sees it."""

from __future__ import annotations

from mediastack.core.http import ServiceSpec
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.service import manager_spec

DOMAIN = ManagerDomain(
    role=Role.TV,
    app_name="Sonarr",
    version="4.0.15.2941",
    api_version="v3",
    category_field="tvCategory",
    library_ids_field="seriesIds",
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
