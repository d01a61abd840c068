"""Reading, writing and provisioning download-client definitions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from mediastack.core.config import DownloadClientLink
from mediastack.core.db import Database
from mediastack.manager.download_clients.definitions import ClientDef, client_definitions
from mediastack.manager.download_clients.models import DownloadClientRow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DownloadClient:
    id: int
    name: str
    definition: ClientDef
    enable: bool
    priority: int
    remove_completed_downloads: bool
    remove_failed_downloads: bool
    settings: dict[str, Any] = field(default_factory=dict)
    tags: list[int] = field(default_factory=list)


class DownloadClientStore:
    def __init__(self, database: Database, category_field: str) -> None:
        self._db = database
        self.category_field = category_field
        self.definitions = client_definitions(category_field)

    def _to_model(self, row: DownloadClientRow) -> DownloadClient:
        definition = self.definitions[row.implementation]
        settings = {f.name: f.default for f in definition.fields}
        settings.update(row.settings)
        return DownloadClient(
            id=row.id,
            name=row.name,
            definition=definition,
            enable=row.enable,
            priority=row.priority,
            remove_completed_downloads=row.remove_completed_downloads,
            remove_failed_downloads=row.remove_failed_downloads,
            settings=settings,
            tags=list(row.tags),
        )

    def list(self) -> list[DownloadClient]:
        with self._db.session() as session:
            rows = session.execute(select(DownloadClientRow).order_by(DownloadClientRow.id))
            return [self._to_model(r) for r in rows.scalars()]

    def get(self, client_id: int) -> DownloadClient | None:
        with self._db.session() as session:
            row = session.get(DownloadClientRow, client_id)
            return self._to_model(row) if row else None

    def save(
        self,
        *,
        client_id: int | None,
        name: str,
        implementation: str,
        enable: bool,
        priority: int,
        remove_completed_downloads: bool,
        remove_failed_downloads: bool,
        settings: dict[str, Any],
        tags: Sequence[int],
    ) -> DownloadClient:
        """Create (``client_id`` None) or replace a client; names are unique."""
        if implementation not in self.definitions:
            raise ValueError(f"Unknown download client implementation '{implementation}'")
        with self._db.session() as session:
            clash = session.execute(
                select(DownloadClientRow).where(DownloadClientRow.name == name)
            ).scalar_one_or_none()
            if clash is not None and clash.id != client_id:
                raise ValueError("Should be unique")
            row = (
                DownloadClientRow()
                if client_id is None
                else session.get(DownloadClientRow, client_id)
            )
            if row is None:
                raise LookupError(client_id)
            row.name = name
            row.implementation = implementation
            row.enable = enable
            row.priority = priority
            row.remove_completed_downloads = remove_completed_downloads
            row.remove_failed_downloads = remove_failed_downloads
            row.settings = settings
            row.tags = [int(t) for t in tags]
            if client_id is None:
                session.add(row)
            session.flush()
            return self._to_model(row)

    def delete(self, client_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(DownloadClientRow, client_id)
            if row is None:
                return False
            session.delete(row)
            return True

    def provision(self, links: Iterable[DownloadClientLink]) -> None:
        """Create or update the clients an operator (or `mediastack up`) declared, by name."""
        for link in links:
            settings: dict[str, Any] = {
                "host": link.host,
                "port": link.port,
                "useSsl": link.use_ssl,
                "urlBase": link.url_base,
                "username": link.username,
                "password": link.password.get_secret_value() if link.password else "",
                self.category_field: link.category or "",
            }
            if link.implementation == "Sabnzbd":
                settings["apiKey"] = link.api_key.get_secret_value() if link.api_key else ""
            with self._db.session() as session:
                row = session.execute(
                    select(DownloadClientRow).where(DownloadClientRow.name == link.name)
                ).scalar_one_or_none()
                if row is None:
                    row = DownloadClientRow(
                        name=link.name,
                        implementation=link.implementation,
                        enable=True,
                        priority=1,
                        remove_completed_downloads=True,
                        remove_failed_downloads=True,
                        settings=settings,
                        tags=[],
                    )
                    session.add(row)
                    log.info("download client %r added (%s)", link.name, link.implementation)
                else:
                    row.implementation = link.implementation
                    row.settings = {**row.settings, **settings}
