"""Stored quality definitions, quality profiles and custom formats.

The APIs write these and the decision engine reads them, so every store has typed
getters that return the model classes of this package (``QualityDefinition``,
``QualityProfile``, ``CustomFormat``) next to the record getters the APIs need (ids,
Radarr's profile language, the client's view of format specifications).

Definitions are stored as overrides over the catalogue defaults: a fresh install has no
rows and still answers every quality. Profiles keep their items as JSON (a tree of
qualities and groups, as the originals do). Formats and profiles change together the way
the originals' events make them: a new format joins every profile with score 0, a
deleted one leaves every profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import JSON, Boolean, Float, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.quality.custom_formats import CustomFormat
from mediastack.manager.quality.definitions import (
    AppName,
    QualityDefinition,
    by_id,
    catalogue,
    default_definitions,
)
from mediastack.manager.quality.format_specs import SpecRecord, to_specification
from mediastack.manager.quality.layout import default_profiles
from mediastack.manager.quality.profiles import ProfileItem, QualityProfile

ORIGINAL_LANGUAGE = -2  # Radarr's default profile language


class QualityDefinitionRow(ManagerBase):
    __tablename__ = "quality_definitions"

    quality_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200))
    min_size: Mapped[float] = mapped_column(Float)
    preferred_size: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_size: Mapped[float | None] = mapped_column(Float, nullable=True)


class QualityProfileRow(ManagerBase):
    __tablename__ = "quality_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    upgrade_allowed: Mapped[bool] = mapped_column(Boolean)
    cutoff: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    min_format_score: Mapped[int] = mapped_column(Integer)
    cutoff_format_score: Mapped[int] = mapped_column(Integer)
    min_upgrade_format_score: Mapped[int] = mapped_column(Integer)
    format_items: Mapped[list[list[int]]] = mapped_column(JSON)
    language: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CustomFormatRow(ManagerBase):
    __tablename__ = "custom_formats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    include_when_renaming: Mapped[bool] = mapped_column(Boolean)
    specifications: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class QualityValidationError(ValueError):
    """A save refused; ``errors`` are (property, message, attempted value) triples."""

    def __init__(self, errors: list[tuple[str, str, Any]]) -> None:
        super().__init__(errors[0][1] if errors else "Invalid")
        self.errors = errors


class ProfileInUseError(ValueError):
    """A profile something still points at cannot be deleted."""


# --- quality definitions ---------------------------------------------------------------


def definition_id(app: AppName, quality_id: int) -> int:
    """The definition's API id: its row number in catalogue order, as the originals seed them."""
    for index, quality in enumerate(catalogue(app)):
        if quality.id == quality_id:
            return index + 1
    raise KeyError(quality_id)


# The highest size (MB/min) each original accepts (QualityDefinitionLimits); Lidarr has none.
SIZE_LIMITS: dict[AppName, int | None] = {"sonarr": 1000, "radarr": 2000, "lidarr": None}


def validate_definition(
    definition: QualityDefinition, limit: float | None = None
) -> list[tuple[str, str, Any]]:
    """The originals' rules: 0 ≤ min ≤ preferred ≤ max ≤ limit; a missing bound is unlimited."""
    errors: list[tuple[str, str, Any]] = []
    low, pref, high = definition.min_size, definition.preferred_size, definition.max_size
    if limit is not None:
        for key, label, value in (
            ("minSize", "Min Size", low),
            ("preferredSize", "Preferred Size", pref),
            ("maxSize", "Max Size", high),
        ):
            if value is not None and value > limit:
                message = f"'{label}' must be less than or equal to '{limit}'."
                errors.append((key, message, value))
    if low < 0:
        errors.append(("minSize", "'Min Size' must be greater than or equal to '0'.", low))
    if pref is not None and pref < low:
        errors.append(
            ("preferredSize", f"'Preferred Size' must be greater than or equal to '{low}'.", pref)
        )
    ceiling = pref if pref is not None else low
    if high is not None and high < ceiling:
        errors.append(
            ("maxSize", f"'Max Size' must be greater than or equal to '{ceiling}'.", high)
        )
    return errors


class QualityDefinitionStore:
    """Size limits per quality: catalogue defaults with the user's overrides on top."""

    def __init__(self, database: Database, app: AppName) -> None:
        self._db = database
        self.app = app

    def all(self) -> list[QualityDefinition]:
        """Every quality's definition, in catalogue order."""
        with self._db.session() as session:
            rows = {
                r.quality_id: r for r in session.execute(select(QualityDefinitionRow)).scalars()
            }
            out = []
            for default in default_definitions(self.app):
                row = rows.get(default.quality.id)
                out.append(default if row is None else self._merge(default, row))
            return out

    def get(self, quality_id: int) -> QualityDefinition | None:
        """The definition of one quality (by quality id), or None for an unknown quality."""
        for definition in self.all():
            if definition.quality.id == quality_id:
                return definition
        return None

    @staticmethod
    def _merge(default: QualityDefinition, row: QualityDefinitionRow) -> QualityDefinition:
        return replace(
            default,
            title=row.title,
            min_size=row.min_size,
            preferred_size=row.preferred_size,
            max_size=row.max_size,
        )

    def update(self, definitions: Iterable[QualityDefinition]) -> None:
        """Save several definitions at once; all or none (the bulk PUT Recyclarr uses)."""
        items = list(definitions)
        limit = SIZE_LIMITS[self.app]
        errors = [e for d in items for e in validate_definition(d, limit)]
        if errors:
            raise QualityValidationError(errors)
        with self._db.session() as session:
            for d in items:
                row = session.get(QualityDefinitionRow, d.quality.id)
                if row is None:
                    row = QualityDefinitionRow(quality_id=d.quality.id)
                    session.add(row)
                row.title = d.title or d.quality.name
                row.min_size = d.min_size
                row.preferred_size = d.preferred_size
                row.max_size = d.max_size


# --- quality profiles ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """A stored profile with what the model leaves out: its id and (Radarr) language id."""

    id: int
    profile: QualityProfile
    language: int | None = None


def _item_json(item: ProfileItem) -> dict[str, Any]:
    if item.quality is not None:
        return {"quality": item.quality.id, "allowed": item.allowed}
    return {
        "id": item.id,
        "name": item.name,
        "allowed": item.allowed,
        "items": [_item_json(sub) for sub in item.items],
    }


def _item_model(app: AppName, data: Mapping[str, Any]) -> ProfileItem | None:
    if data.get("quality") is not None:
        try:
            return ProfileItem(
                quality=by_id(app, int(data["quality"])), allowed=bool(data["allowed"])
            )
        except KeyError:
            return None  # a quality the catalogue no longer has
    subs = tuple(s for s in (_item_model(app, d) for d in data.get("items", [])) if s is not None)
    return ProfileItem(
        items=subs,
        allowed=bool(data.get("allowed")),
        name=str(data.get("name") or ""),
        id=int(data.get("id") or 0),
    )


_FORMATS_MISMATCH = (
    "All Custom Formats and no extra ones need to be present inside your Profile! "
    "Try refreshing your browser."
)


def validate_profile(
    app: AppName, profile: QualityProfile, format_ids: set[int]
) -> list[tuple[str, str, Any]]:
    """The originals' profile rules (QualityProfileController and QualityItemsValidator)."""
    errors: list[tuple[str, str, Any]] = []
    if not profile.name.strip():
        errors.append(("name", "'Name' must not be empty.", profile.name))
    if profile.min_upgrade_format_score < 1:
        message = "'Min Upgrade Format Score' must be greater than or equal to '1'."
        errors.append(("minUpgradeFormatScore", message, profile.min_upgrade_format_score))
    if not any(i.allowed for i in profile.items):
        errors.append(("items", "Must contain at least one allowed quality", None))
    seen: list[int] = [q.id for item in profile.items for q in item.qualities()]
    if len(seen) != len(set(seen)):
        errors.append(("items", "Qualities can only be used once", None))
    if set(seen) != {q.id for q in catalogue(app)}:
        errors.append(("items", "Must contain all qualities", None))
    groups = [i for i in profile.items if i.quality is None]
    for g in groups:
        if not g.items:
            errors.append(("items", "Groups must contain multiple qualities", g.name))
        if not g.name.strip():
            errors.append(("items", "Groups must have a name", g.name))
        if g.id == 0:
            errors.append(("items", "Groups must have an ID", g.name))
    if len({g.id for g in groups}) != len(groups):
        errors.append(("items", "Groups must have a unique ID", None))
    if not any(i.allowed and i.key() == profile.cutoff for i in profile.items):
        errors.append(("cutoff", "Cutoff must be an allowed quality or group", profile.cutoff))
    unknown = set(profile.format_items) - format_ids
    if unknown:
        errors.append(("formatItems", _FORMATS_MISMATCH, sorted(unknown)))
    return errors


def _profile_row_model(app: AppName, row: QualityProfileRow) -> ProfileRecord:
    items = tuple(i for i in (_item_model(app, d) for d in row.items) if i is not None)
    profile = QualityProfile(
        name=row.name,
        items=items,
        cutoff=row.cutoff,
        upgrade_allowed=row.upgrade_allowed,
        min_format_score=row.min_format_score,
        cutoff_format_score=row.cutoff_format_score,
        min_upgrade_format_score=row.min_upgrade_format_score,
        format_items={int(f): int(s) for f, s in row.format_items},
    )
    return ProfileRecord(row.id, profile, row.language)


def _write_profile(row: QualityProfileRow, profile: QualityProfile, language: int | None) -> None:
    row.name = profile.name.strip()
    row.upgrade_allowed = profile.upgrade_allowed
    row.cutoff = profile.cutoff
    row.items = [_item_json(i) for i in profile.items]
    row.min_format_score = profile.min_format_score
    row.cutoff_format_score = profile.cutoff_format_score
    row.min_upgrade_format_score = profile.min_upgrade_format_score
    row.format_items = [[f, s] for f, s in profile.format_items.items()]
    row.language = language


class ProfileStore:
    """Quality profiles. ``in_use`` is the hook the library will fill to refuse deletes."""

    def __init__(
        self,
        database: Database,
        app: AppName,
        in_use: Callable[[int], bool] | None = None,
    ) -> None:
        self._db = database
        self.app = app
        self.in_use = in_use

    def records(self) -> list[ProfileRecord]:
        with self._db.session() as session:
            rows = session.execute(select(QualityProfileRow).order_by(QualityProfileRow.id))
            return [_profile_row_model(self.app, r) for r in rows.scalars()]

    def record(self, profile_id: int) -> ProfileRecord | None:
        with self._db.session() as session:
            row = session.get(QualityProfileRow, profile_id)
            return None if row is None else _profile_row_model(self.app, row)

    def all(self) -> list[QualityProfile]:
        """Every profile, for the decision engine."""
        return [r.profile for r in self.records()]

    def get(self, profile_id: int) -> QualityProfile | None:
        """One profile by id, for the decision engine."""
        rec = self.record(profile_id)
        return None if rec is None else rec.profile

    def _complete(
        self, session: Session, profile: QualityProfile, own_id: int | None
    ) -> QualityProfile:
        """Every existing format present (score 0 when the client left it out), in order."""
        format_ids = list(session.execute(select(CustomFormatRow.id)).scalars())
        errors = validate_profile(self.app, profile, set(format_ids))
        clash = session.execute(
            select(QualityProfileRow.id).where(QualityProfileRow.name == profile.name.strip())
        ).scalar()
        if clash is not None and clash != own_id:
            errors.append(("name", "Must be unique.", profile.name))
        if errors:
            raise QualityValidationError(errors)
        scores = dict(profile.format_items)
        for format_id in format_ids:
            scores.setdefault(format_id, 0)
        return replace(profile, format_items=scores)

    def add(self, profile: QualityProfile, language: int | None = None) -> ProfileRecord:
        with self._db.session() as session:
            complete = self._complete(session, profile, None)
            row = QualityProfileRow()
            _write_profile(row, complete, language)
            session.add(row)
            session.flush()
            return _profile_row_model(self.app, row)

    def update(
        self, profile_id: int, profile: QualityProfile, language: int | None = None
    ) -> ProfileRecord | None:
        with self._db.session() as session:
            row = session.get(QualityProfileRow, profile_id)
            if row is None:
                return None
            complete = self._complete(session, profile, profile_id)
            _write_profile(row, complete, language)
            session.flush()
            return _profile_row_model(self.app, row)

    def delete(self, profile_id: int) -> bool:
        with self._db.session() as session:
            row = session.get(QualityProfileRow, profile_id)
            if row is None:
                return False
            if self.in_use is not None and self.in_use(profile_id):
                raise ProfileInUseError(f"QualityProfile [{row.name}] is in use.")
            session.delete(row)
            return True

    def seed_defaults(self) -> None:
        """The originals' first-start profiles, only while there are none (as they do)."""
        with self._db.session() as session:
            if session.execute(select(QualityProfileRow.id).limit(1)).scalar() is not None:
                return
            format_ids = list(session.execute(select(CustomFormatRow.id)).scalars())
            language = ORIGINAL_LANGUAGE if self.app == "radarr" else None
            for profile in default_profiles(self.app):
                row = QualityProfileRow()
                scores = dict.fromkeys(format_ids, 0)
                _write_profile(row, replace(profile, format_items=scores), language)
                session.add(row)


# --- custom formats --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormatRecord:
    """A stored custom format in the client's terms (ids, implementation names, fields)."""

    id: int
    name: str
    include_when_renaming: bool
    specifications: tuple[SpecRecord, ...] = field(default_factory=tuple)


def _spec_json(spec: SpecRecord) -> dict[str, Any]:
    return {
        "name": spec.name,
        "implementation": spec.implementation,
        "negate": spec.negate,
        "required": spec.required,
        "fields": dict(spec.fields),
    }


def _format_record(row: CustomFormatRow) -> FormatRecord:
    specs = tuple(
        SpecRecord(
            name=str(s.get("name") or ""),
            implementation=str(s["implementation"]),
            negate=bool(s.get("negate")),
            required=bool(s.get("required")),
            fields=dict(s.get("fields") or {}),
        )
        for s in row.specifications
    )
    return FormatRecord(row.id, row.name, row.include_when_renaming, specs)


class CustomFormatStore:
    """Custom formats; saving or deleting one also updates every profile's format items."""

    def __init__(self, database: Database, app: AppName) -> None:
        self._db = database
        self.app = app

    def records(self) -> list[FormatRecord]:
        with self._db.session() as session:
            rows = session.execute(select(CustomFormatRow).order_by(CustomFormatRow.id))
            return [_format_record(r) for r in rows.scalars()]

    def record(self, format_id: int) -> FormatRecord | None:
        with self._db.session() as session:
            row = session.get(CustomFormatRow, format_id)
            return None if row is None else _format_record(row)

    def to_model(self, record: FormatRecord) -> CustomFormat:
        """The matcher's view of a stored format."""
        return CustomFormat(
            id=record.id,
            name=record.name,
            specifications=tuple(to_specification(self.app, s) for s in record.specifications),
            include_when_renaming=record.include_when_renaming,
        )

    def all(self) -> list[CustomFormat]:
        """Every format, for the decision engine."""
        return [self.to_model(r) for r in self.records()]

    def get(self, format_id: int) -> CustomFormat | None:
        rec = self.record(format_id)
        return None if rec is None else self.to_model(rec)

    @staticmethod
    def _check_name(session: Session, name: str, own_id: int | None) -> None:
        if not name.strip():
            raise QualityValidationError([("name", "'Name' must not be empty.", name)])
        clash = session.execute(
            select(CustomFormatRow.id).where(CustomFormatRow.name == name.strip())
        ).scalar()
        if clash is not None and clash != own_id:
            raise QualityValidationError([("name", "Must be unique.", name)])

    def add(
        self, name: str, include_when_renaming: bool, specifications: Iterable[SpecRecord]
    ) -> FormatRecord:
        """Save a new format and put it first in every profile's format items, score 0."""
        with self._db.session() as session:
            self._check_name(session, name, None)
            row = CustomFormatRow(
                name=name.strip(),
                include_when_renaming=include_when_renaming,
                specifications=[_spec_json(s) for s in specifications],
            )
            session.add(row)
            session.flush()
            for profile in session.execute(select(QualityProfileRow)).scalars():
                profile.format_items = [[row.id, 0], *profile.format_items]
            return _format_record(row)

    def update(
        self,
        format_id: int,
        name: str,
        include_when_renaming: bool,
        specifications: Iterable[SpecRecord],
    ) -> FormatRecord | None:
        with self._db.session() as session:
            row = session.get(CustomFormatRow, format_id)
            if row is None:
                return None
            self._check_name(session, name, format_id)
            row.name = name.strip()
            row.include_when_renaming = include_when_renaming
            row.specifications = [_spec_json(s) for s in specifications]
            session.flush()
            return _format_record(row)

    def delete(self, format_id: int) -> bool:
        """Delete a format and drop it from every profile (resetting scores left unused)."""
        with self._db.session() as session:
            row = session.get(CustomFormatRow, format_id)
            if row is None:
                return False
            for profile in session.execute(select(QualityProfileRow)).scalars():
                kept = [item for item in profile.format_items if item[0] != format_id]
                profile.format_items = kept
                if not kept:
                    profile.min_format_score = 0
                    profile.cutoff_format_score = 0
            session.delete(row)
            return True
