"""The JSON resources of quality definitions, profiles, custom formats and languages.

Pure mapping between the stores' records and each original's wire shape, both ways, so
the routers stay thin and the shapes can be tested without a server. Each flavour speaks
its own variant: Sonarr's ``quality.source`` is ``web``/``televisionRaw``/..., Radarr adds
``modifier`` and a profile ``language``, Lidarr's qualities are only ``{id, name}`` and
its profiles have no ``minUpgradeFormatScore``.

Parsing raises ``QualityValidationError`` with (property, message, value) triples, the
same type the stores raise, so a router turns both into the originals' 400 array.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeGuard

from mediastack.manager.quality.definitions import AppName, Quality, QualityDefinition, by_id
from mediastack.manager.quality.definitions import catalogue as quality_catalogue
from mediastack.manager.quality.format_specs import (
    SpecDef,
    SpecField,
    SpecRecord,
    clean_fields,
    spec_def,
    spec_defs,
)
from mediastack.manager.quality.languages import Language
from mediastack.manager.quality.languages import by_id as language_by_id
from mediastack.manager.quality.layout import schema_items
from mediastack.manager.quality.profiles import ProfileItem, QualityProfile
from mediastack.manager.quality.store import (
    ORIGINAL_LANGUAGE,
    FormatRecord,
    ProfileRecord,
    QualityValidationError,
    definition_id,
)

Errors = list[tuple[str, str, Any]]

# --- qualities and definitions ---------------------------------------------------------


def _sonarr_source(q: Quality) -> str:
    if q.source == "tv":
        return "televisionRaw" if q.modifier == "rawhd" else "television"
    if q.source == "bluray":
        return "blurayRaw" if q.modifier == "remux" else "bluray"
    return {"webdl": "web", "webrip": "webRip", "dvd": "dvd"}.get(q.source, "unknown")


def _radarr_source_modifier(q: Quality) -> tuple[str, str]:
    if q.source == "regional":
        return "dvd", "regional"
    if q.source == "dvdscr":
        return "dvd", "screener"
    return q.source, q.modifier or "none"


def quality_resource(app: AppName, q: Quality) -> dict[str, Any]:
    """``Quality`` in the flavour's shape (Lidarr's has only id and name)."""
    if app == "lidarr":
        return {"id": q.id, "name": q.name}
    if app == "sonarr":
        return {"id": q.id, "name": q.name, "source": _sonarr_source(q), "resolution": q.resolution}
    source, modifier = _radarr_source_modifier(q)
    return {
        "id": q.id,
        "name": q.name,
        "source": source,
        "resolution": q.resolution,
        "modifier": modifier,
    }


def definition_resource(app: AppName, d: QualityDefinition) -> dict[str, Any]:
    number = definition_id(app, d.quality.id)
    return {
        "id": number,
        "quality": quality_resource(app, d.quality),
        "title": d.title,
        "weight": number,
        "minSize": d.min_size,
        "maxSize": d.max_size,
        "preferredSize": d.preferred_size,
    }


def _number(body: Mapping[str, Any], key: str, current: float | None) -> float | None:
    if key not in body:
        return current
    value = body[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise QualityValidationError([(key, f"'{key}' must be a number", value)])
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise QualityValidationError([(key, f"'{key}' must be a number", value)])
    return number


def _quality_for_definition(app: AppName, body: Mapping[str, Any], path_id: int | None) -> Quality:
    quality = body.get("quality")
    if isinstance(quality, Mapping) and isinstance(quality.get("id"), int):
        try:
            return by_id(app, quality["id"])
        except KeyError:
            pass
    number = path_id if path_id is not None else body.get("id")
    qualities = quality_catalogue(app)
    if isinstance(number, int) and 1 <= number <= len(qualities):
        return qualities[number - 1]
    raise QualityValidationError([("id", "Quality definition does not exist", number)])


def definition_from_resource(
    app: AppName,
    body: Mapping[str, Any],
    current: Mapping[int, QualityDefinition],
    path_id: int | None = None,
) -> QualityDefinition:
    """The definition a client sent; fields it left out keep their stored values."""
    quality = _quality_for_definition(app, body, path_id)
    stored = current[quality.id]
    low = _number(body, "minSize", stored.min_size)
    title = body.get("title")
    return replace(
        stored,
        title=title if isinstance(title, str) and title else stored.title,
        min_size=low if low is not None else 0.0,
        preferred_size=_number(body, "preferredSize", stored.preferred_size),
        max_size=_number(body, "maxSize", stored.max_size),
    )


# --- profiles --------------------------------------------------------------------------


def item_resource(app: AppName, item: ProfileItem) -> dict[str, Any]:
    if item.quality is not None:
        return {
            "quality": quality_resource(app, item.quality),
            "items": [],
            "allowed": item.allowed,
        }
    return {
        "id": item.id,
        "name": item.name,
        "items": [item_resource(app, sub) for sub in item.items],
        "allowed": item.allowed,
    }


def language_resource(lang: Language) -> dict[str, Any]:
    return {"id": lang.id, "name": lang.name, "nameLower": lang.name.lower()}


def profile_resource(
    app: AppName, record: ProfileRecord, format_names: Mapping[int, str]
) -> dict[str, Any]:
    p = record.profile
    body: dict[str, Any] = {
        "name": p.name,
        "upgradeAllowed": p.upgrade_allowed,
        "cutoff": p.cutoff,
        "items": [item_resource(app, i) for i in p.items],
        "minFormatScore": p.min_format_score,
        "cutoffFormatScore": p.cutoff_format_score,
    }
    if app != "lidarr":
        body["minUpgradeFormatScore"] = p.min_upgrade_format_score
    body["formatItems"] = [
        {"format": f, "name": format_names.get(f, ""), "score": s}
        for f, s in p.format_items.items()
    ]
    if app == "radarr":
        lang = language_by_id(app, record.language if record.language is not None else -2)
        if lang is not None:
            body["language"] = {"id": lang.id, "name": lang.name}
    body["id"] = record.id
    return body


def profile_schema(app: AppName, format_ids: Sequence[int]) -> ProfileRecord:
    """What ``qualityprofile/schema`` shows: every quality, none allowed, every format at 0."""
    profile = QualityProfile(
        name="",
        items=schema_items(app),
        cutoff=0,
        upgrade_allowed=False,
        format_items=dict.fromkeys(format_ids, 0),
    )
    return ProfileRecord(0, profile, ORIGINAL_LANGUAGE if app == "radarr" else None)


def _int(body: Mapping[str, Any], key: str, default: int, errors: Errors) -> int:
    value = body.get(key, default)
    if value is None:
        return default
    if not _int32(value):
        errors.append((key, f"'{key}' must be an integer", value))
        return default
    return int(value)


def _int32(value: Any) -> TypeGuard[int]:
    """The originals' ints are 32-bit; larger values would not survive a round trip."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31


def _item_from_resource(app: AppName, data: Any, errors: Errors) -> ProfileItem | None:
    if not isinstance(data, Mapping):
        errors.append(("items", "Items must be objects", data))
        return None
    allowed = bool(data.get("allowed"))
    subs = data.get("items") or []
    quality = data.get("quality")
    if isinstance(quality, Mapping) and not subs:
        qid = quality.get("id")
        try:
            return ProfileItem(quality=by_id(app, int(qid)), allowed=allowed)  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            errors.append(("items", f"Unknown quality {qid}", quality))
            return None
    if not isinstance(subs, list):
        errors.append(("items", "Items must be a list", subs))
        return None
    members = tuple(m for m in (_item_from_resource(app, s, errors) for s in subs) if m is not None)
    # A group's members take the group's allowed flag, as the originals store them.
    members = tuple(replace(m, allowed=allowed) for m in members)
    group_id = data.get("id")
    return ProfileItem(
        items=members,
        allowed=allowed,
        name=str(data.get("name") or ""),
        id=group_id if _int32(group_id) else 0,
    )


def profile_from_resource(
    app: AppName, body: Mapping[str, Any]
) -> tuple[QualityProfile, int | None]:
    """A profile and (Radarr) language id from a client's resource; shape errors raise."""
    errors: Errors = []
    raw_items = body.get("items")
    if not isinstance(raw_items, list):
        raise QualityValidationError([("items", "'Items' must not be empty.", raw_items)])
    items = tuple(
        i for i in (_item_from_resource(app, d, errors) for d in raw_items) if i is not None
    )
    scores: dict[int, int] = {}
    raw_formats = body.get("formatItems") or []
    if not isinstance(raw_formats, list):
        errors.append(("formatItems", "'Format Items' must be a list", raw_formats))
        raw_formats = []
    for entry in raw_formats:
        fid = entry.get("format") if isinstance(entry, Mapping) else None
        score = entry.get("score", 0) if isinstance(entry, Mapping) else None
        if not _int32(fid) or not _int32(score):
            errors.append(("formatItems", "Format items need a format id and a score", entry))
            continue
        scores[fid] = score
    name = body.get("name")
    profile = QualityProfile(
        name=name if isinstance(name, str) else "",
        items=items,
        cutoff=_int(body, "cutoff", 0, errors),
        upgrade_allowed=bool(body.get("upgradeAllowed", False)),
        min_format_score=_int(body, "minFormatScore", 0, errors),
        cutoff_format_score=_int(body, "cutoffFormatScore", 0, errors),
        min_upgrade_format_score=_int(body, "minUpgradeFormatScore", 1, errors),
        format_items=scores,
    )
    language: int | None = None
    if app == "radarr":
        raw = body.get("language")
        language = ORIGINAL_LANGUAGE
        if isinstance(raw, Mapping) and raw.get("id") is not None:
            lid = raw.get("id")
            if isinstance(lid, int) and language_by_id(app, lid) is not None:
                language = lid
            else:
                errors.append(("language", "Language is not valid", raw))
    if errors:
        raise QualityValidationError(errors)
    return profile, language


# --- custom formats --------------------------------------------------------------------


def _field_resource(order: int, f: SpecField, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"order": order, "name": f.name, "label": f.label}
    if f.unit:
        out["unit"] = f.unit
    if f.help_text:
        out["helpText"] = f.help_text
    out.update({"value": value, "type": f.type, "advanced": False})
    if f.options:
        out["selectOptions"] = [
            {"value": v, "name": n, "order": i} for i, (v, n) in enumerate(f.options)
        ]
    out.update({"privacy": "normal", "isFloat": f.type == "number"})
    return out


def _spec_resource(
    definition: SpecDef, name: str, negate: bool, required: bool, values: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "name": name,
        "implementation": definition.kind.value,
        "implementationName": definition.implementation_name,
        "infoLink": "https://wiki.servarr.com/",
        "negate": negate,
        "required": required,
        "fields": [
            _field_resource(i, f, values.get(f.name, f.default))
            for i, f in enumerate(definition.fields)
        ],
    }


def format_resource(app: AppName, record: FormatRecord) -> dict[str, Any]:
    specs = []
    for s in record.specifications:
        definition = spec_def(app, s.implementation)
        if definition is not None:
            specs.append(_spec_resource(definition, s.name, s.negate, s.required, s.fields))
    return {
        "id": record.id,
        "name": record.name,
        "includeCustomFormatWhenRenaming": record.include_when_renaming,
        "specifications": specs,
    }


def format_schema(app: AppName) -> list[dict[str, Any]]:
    """``customformat/schema``: one empty specification per implementation, with presets."""
    out = []
    for d in spec_defs(app):
        spec = _spec_resource(d, "", False, False, {})
        spec["id"] = 0
        spec["presets"] = []
        out.append(spec)
    return out


def _given_fields(raw: Any) -> dict[str, Any] | None:
    """``fields`` as ``[{name, value}]`` (current clients) or ``{name: value}`` (older ones)."""
    if isinstance(raw, Mapping):
        return {str(k): v for k, v in raw.items()}
    if isinstance(raw, list):
        out: dict[str, Any] = {}
        for item in raw:
            if isinstance(item, Mapping) and isinstance(item.get("name"), str):
                out[item["name"]] = item.get("value")
        return out
    return None


def format_from_resource(
    app: AppName, body: Mapping[str, Any]
) -> tuple[str, bool, tuple[SpecRecord, ...]]:
    """(name, include when renaming, specifications) from a client's custom format."""
    errors: Errors = []
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(("name", "'Name' must not be empty.", name))
    raw_specs = body.get("specifications")
    if not isinstance(raw_specs, list) or not raw_specs:
        errors.append(("specifications", "'Specifications' must not be empty.", raw_specs))
        raw_specs = []
    specs: list[SpecRecord] = []
    for index, raw in enumerate(raw_specs):
        where = f"specifications[{index}]"
        if not isinstance(raw, Mapping):
            errors.append((where, "Specification must be an object", raw))
            continue
        implementation = str(raw.get("implementation") or "")
        definition = spec_def(app, implementation)
        if definition is None:
            errors.append(
                (
                    f"{where}.implementation",
                    f"Unknown implementation '{implementation}'",
                    implementation,
                )
            )
            continue
        given = _given_fields(raw.get("fields"))
        if given is None:
            errors.append((f"{where}.fields", "'Fields' must be a list", raw.get("fields")))
            continue
        values, problems = clean_fields(app, definition, given)
        errors.extend((f"{where}.{field}", message, value) for field, message, value in problems)
        specs.append(
            SpecRecord(
                name=str(raw.get("name") or ""),
                implementation=definition.kind.value,
                negate=bool(raw.get("negate")),
                required=bool(raw.get("required")),
                fields=values,
            )
        )
    if errors:
        raise QualityValidationError(errors)
    include = bool(body.get("includeCustomFormatWhenRenaming") or False)
    return str(name).strip(), include, tuple(specs)
