"""Stored indexer definitions: added by hand or pushed in by Prowlarr."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.indexers.definitions import Flavour, IndexerDef, indexer_definitions


class IndexerRow(ManagerBase):
    __tablename__ = "indexers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    implementation: Mapped[str] = mapped_column(String(50))
    enable_rss: Mapped[bool] = mapped_column(Boolean)
    enable_automatic_search: Mapped[bool] = mapped_column(Boolean)
    enable_interactive_search: Mapped[bool] = mapped_column(Boolean)
    priority: Mapped[int] = mapped_column(Integer)
    download_client_id: Mapped[int] = mapped_column(Integer)
    season_search_maximum_single_episode_age: Mapped[int] = mapped_column(Integer)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    tags: Mapped[list[int]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class Indexer:
    id: int
    name: str
    definition: IndexerDef
    enable_rss: bool
    enable_automatic_search: bool
    enable_interactive_search: bool
    priority: int
    download_client_id: int
    season_search_maximum_single_episode_age: int
    settings: dict[str, Any] = field(default_factory=dict)
    tags: list[int] = field(default_factory=list)


class IndexerStore:
    def __init__(self, database: Database, flavour: Flavour) -> None:
        self._db = database
        self.flavour = flavour
        self.definitions = indexer_definitions(flavour)

    def _to_model(self, row: IndexerRow) -> Indexer:
        definition = self.definitions[row.implementation]
        settings = {f.name: f.default for f in definition.fields}
        settings.update(row.settings)
        return Indexer(
            id=row.id,
            name=row.name,
            definition=definition,
            enable_rss=row.enable_rss,
            enable_automatic_search=row.enable_automatic_search,
            enable_interactive_search=row.enable_interactive_search,
            priority=row.priority,
            download_client_id=row.download_client_id,
            season_search_maximum_single_episode_age=row.season_search_maximum_single_episode_age,
            settings=settings,
            tags=list(row.tags),
        )

    def all(self) -> list[Indexer]:
        with self._db.session() as session:
            rows = session.execute(select(IndexerRow).order_by(IndexerRow.id)).scalars()
            return [self._to_model(r) for r in rows]

    def get(self, indexer_id: int) -> Indexer | None:
        with self._db.session() as session:
            row = session.get(IndexerRow, indexer_id)
            return self._to_model(row) if row else None

    def save(
        self,
        *,
        indexer_id: int | None,
        name: str,
        implementation: str,
        enable_rss: bool,
        enable_automatic_search: bool,
        enable_interactive_search: bool,
        priority: int,
        download_client_id: int,
        season_search_maximum_single_episode_age: int,
        settings: dict[str, Any],
        tags: Sequence[int],
    ) -> Indexer:
        if implementation not in self.definitions:
            raise ValueError(f"Unknown indexer implementation '{implementation}'")
        with self._db.session() as session:
            clash = session.execute(
                select(IndexerRow).where(IndexerRow.name == name)
            ).scalar_one_or_none()
            if clash is not None and clash.id != indexer_id:
                raise ValueError("Should be unique")
            row = IndexerRow() if indexer_id is None else session.get(IndexerRow, indexer_id)
            if row is None:
                raise LookupError(indexer_id)
            row.name = name
            row.implementation = implementation
            row.enable_rss = enable_rss
            row.enable_automatic_search = enable_automatic_search
            row.enable_interactive_search = enable_interactive_search
            row.priority = priority
            row.download_client_id = download_client_id
            row.season_search_maximum_single_episode_age = season_search_maximum_single_episode_age
            row.settings = settings
            row.tags = [int(t) for t in tags]
            if indexer_id is None:
                session.add(row)
            session.flush()
            return self._to_model(row)

    def delete(self, indexer_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(IndexerRow, indexer_id)
            if row is None:
                return False
            session.delete(row)
            return True
