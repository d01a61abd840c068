"""The declarative base for the manager engine's tables (migrations: manager/migrations)."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from mediastack.core.db.base import NAMING_CONVENTION


class ManagerBase(DeclarativeBase):
    """Tables of the manager engine (shared by tv, movies and music)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
