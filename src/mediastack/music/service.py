"""The music domain as the manager engine sees it."""

from __future__ import annotations

from mediastack.core.http import ServiceSpec
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.service import manager_spec

DOMAIN = ManagerDomain(
    role=Role.MUSIC,
    app_name="Lidarr",
    version="2.13.3.4711",
    api_version="v1",
    category_field="musicCategory",
    library_ids_field="artistIds",
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
