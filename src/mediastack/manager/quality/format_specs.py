"""Custom-format specifications as the originals expose them, and their model values.

On the wire a specification is ``{implementation, negate, required, fields[{name,
value}]}`` where select fields carry the original's enum numbers (Sonarr's
``QualitySource.Web`` = 3, Radarr's ``Source.WEBDL`` = 7, language ids, indexer-flag bits).
Our matcher (``custom_formats.Specification``) works on the parser's words instead
(``"webdl"``, ``"french"``, ``"freeleech"``). This module owns both sides: the field
definitions each flavour offers in ``customformat/schema``, the validation of values a
client sends, and the translation to the model. Only kinds our ``Spec`` enum can match
are offered; Sonarr's ReleaseType and Radarr's Year are left out until the matcher
supports them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mediastack.manager.quality.custom_formats import Spec, Specification
from mediastack.manager.quality.definitions import AppName
from mediastack.manager.quality.languages import api_order
from mediastack.manager.quality.languages import by_id as language_by_id

Options = tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class SpecField:
    """One entry of a specification's ``fields`` array."""

    name: str
    label: str
    type: str  # textbox, select, checkbox, number
    default: Any
    unit: str = ""
    help_text: str = ""
    options: Options = ()


@dataclass(frozen=True, slots=True)
class SpecDef:
    """A specification implementation one flavour offers."""

    kind: Spec
    implementation_name: str
    order: int
    fields: tuple[SpecField, ...]


@dataclass(frozen=True, slots=True)
class SpecRecord:
    """A specification as stored: the client's view, values already validated."""

    name: str
    implementation: str
    negate: bool
    required: bool
    fields: Mapping[str, Any]


_SONARR_SOURCES: Options = (
    (0, "Unknown"),
    (1, "Television"),
    (2, "TelevisionRaw"),
    (3, "Web"),
    (4, "WebRip"),
    (5, "DVD"),
    (6, "Bluray"),
    (7, "BlurayRaw"),
)
_RADARR_SOURCES: Options = (
    (0, "UNKNOWN"),
    (1, "CAM"),
    (2, "TELESYNC"),
    (3, "TELECINE"),
    (4, "WORKPRINT"),
    (5, "DVD"),
    (6, "TV"),
    (7, "WEBDL"),
    (8, "WEBRIP"),
    (9, "BLURAY"),
)
# The parser's source word for each enum number.
_SOURCE_WORDS: dict[AppName, dict[int, str]] = {
    "sonarr": dict(
        enumerate(("unknown", "tv", "tv", "webdl", "webrip", "dvd", "bluray", "bluray"))
    ),
    "radarr": dict(
        enumerate(
            (
                "unknown",
                "cam",
                "telesync",
                "telecine",
                "workprint",
                "dvd",
                "tv",
                "webdl",
                "webrip",
                "bluray",
            )
        )
    ),
}
_RESOLUTIONS: Options = (
    (0, "Unknown"),
    (360, "R360p"),
    (480, "R480p"),
    (540, "R540p"),
    (576, "R576p"),
    (720, "R720p"),
    (1080, "R1080p"),
    (2160, "R2160p"),
)
_MODIFIERS: Options = (
    (0, "NONE"),
    (1, "REGIONAL"),
    (2, "SCREENER"),
    (3, "RAWHD"),
    (4, "BRDISK"),
    (5, "REMUX"),
)
_SONARR_FLAGS: Options = (
    (1, "Freeleech"),
    (2, "Halfleech"),
    (4, "DoubleUpload"),
    (8, "Internal"),
    (16, "Scene"),
    (32, "Freeleech75"),
    (64, "Freeleech25"),
    (128, "Nuked"),
    (256, "Subtitles"),
)
_RADARR_FLAGS: Options = (
    (1, "G_Freeleech"),
    (2, "G_Halfleech"),
    (4, "G_DoubleUpload"),
    (8, "PTP_Golden"),
    (16, "PTP_Approved"),
    (32, "G_Internal"),
    (64, "AHD_Internal"),
    (128, "G_Scene"),
    (256, "G_Freeleech75"),
    (512, "G_Freeleech25"),
    (1024, "AHD_UserRelease"),
    (2048, "Nuked"),
)
_FLAGS: dict[AppName, Options] = {
    "sonarr": _SONARR_FLAGS,
    "radarr": _RADARR_FLAGS,
    "lidarr": _SONARR_FLAGS[:7],
}


def _regex_field() -> tuple[SpecField, ...]:
    return (
        SpecField(
            "value",
            "Regular Expression",
            "textbox",
            None,
            help_text="Custom Format RegEx is Case Insensitive",
        ),
    )


def _select(label: str, options: Options) -> tuple[SpecField, ...]:
    return (SpecField("value", label, "select", options[0][0] if options else 0, options=options),)


def _language_options(app: AppName) -> Options:
    return tuple((lang.id, lang.name) for lang in api_order(app) if lang.id != 0)


def _defs(app: AppName) -> tuple[SpecDef, ...]:
    title = SpecDef(Spec.RELEASE_TITLE, "Release Title", 1, _regex_field())
    edition = SpecDef(Spec.EDITION, "Edition", 2, _regex_field())
    language = SpecDef(
        Spec.LANGUAGE,
        "Language",
        3,
        (
            *_select("Language", _language_options(app)),
            SpecField(
                "exceptLanguage",
                "Except Language",
                "checkbox",
                False,
                help_text="Matches if any language other than the selected language is present",
            ),
        ),
    )
    flag = SpecDef(Spec.INDEXER_FLAG, "Indexer Flag", 4, _select("Flag", _FLAGS[app]))
    sources = _RADARR_SOURCES if app == "radarr" else _SONARR_SOURCES
    source = SpecDef(Spec.SOURCE, "Source", 5, _select("Source", sources))
    resolution = SpecDef(Spec.RESOLUTION, "Resolution", 6, _select("Resolution", _RESOLUTIONS))
    modifier = SpecDef(
        Spec.QUALITY_MODIFIER, "Quality Modifier", 7, _select("Quality Modifier", _MODIFIERS)
    )
    size = SpecDef(
        Spec.SIZE,
        "Size",
        8,
        (
            SpecField("min", "Minimum Size", "number", 0.0, "GB", "Release must be larger"),
            SpecField("max", "Maximum Size", "number", 0.0, "GB", "Release must be at most this"),
        ),
    )
    group = SpecDef(Spec.RELEASE_GROUP, "Release Group", 9, _regex_field())
    if app == "sonarr":
        return (title, language, flag, source, resolution, size, group)
    if app == "radarr":
        return (title, edition, language, flag, source, resolution, modifier, size, group)
    return (title, flag, size, group)


SPEC_DEFS: dict[AppName, tuple[SpecDef, ...]] = {
    app: _defs(app) for app in ("sonarr", "radarr", "lidarr")
}


def spec_defs(app: AppName) -> tuple[SpecDef, ...]:
    """The implementations ``app`` offers, in the originals' schema order."""
    return SPEC_DEFS[app]


def spec_def(app: AppName, implementation: str) -> SpecDef | None:
    """The definition for an implementation name (case-insensitive), or None."""
    for d in SPEC_DEFS[app]:
        if d.kind.value.lower() == implementation.lower():
            return d
    return None


_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_BACKREFERENCE = re.compile(r"\\k<(\w+)>")
# What .NET accepts and Python's ``re`` does not: variable-width look-behind, inline
# flags in the middle of a pattern, Unicode categories (\p{L}).
_DOTNET_ONLY = ("look-behind", "global flags", "bad escape \\p", "bad escape \\P")


def regex_error(pattern: str) -> str | None:
    """Why a .NET pattern is invalid, or None when it is valid.

    Clients write .NET regular expressions (TRaSH guides). Python spells named groups
    ``(?P<name>`` and back-references ``(?P=name)``, and refuses some .NET constructs;
    patterns failing only on those are accepted rather than rejected for a limitation of
    ours.
    """
    translated = _BACKREFERENCE.sub(r"(?P=\1)", _NAMED_GROUP.sub("(?P<", pattern))
    try:
        re.compile(translated)
    except re.error as exc:
        if any(marker in str(exc) for marker in _DOTNET_ONLY):
            return None
        return str(exc)
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def clean_fields(
    app: AppName, definition: SpecDef, given: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str, Any]]]:
    """Typed field values from what a client sent, and (field, message, value) errors."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str, Any]] = []
    lowered = {k.lower(): v for k, v in given.items()}
    for f in definition.fields:
        raw = lowered.get(f.name.lower(), f.default)
        if f.type == "textbox":
            text = "" if raw is None else str(raw)
            if not text:
                errors.append(("value", "Regex Pattern must not be empty", raw))
            elif (why := regex_error(text)) is not None:
                errors.append(("value", f"Invalid Regex: {why}", raw))
            values[f.name] = text
        elif f.type == "select":
            number = _as_int(raw)
            if number is None or all(number != v for v, _ in f.options):
                errors.append((f.name, f"'{f.label}' has an invalid value", raw))
            values[f.name] = number if number is not None else raw
        elif f.type == "number":
            amount = _as_float(raw)
            if amount is None or not math.isfinite(amount) or amount < 0:
                errors.append((f.name, f"'{f.label}' must be a number of at least 0", raw))
                amount = None
            # Whole numbers go back out as the originals write them: 1, not 1.0.
            values[f.name] = (
                raw if amount is None else int(amount) if amount.is_integer() else amount
            )
        else:
            values[f.name] = bool(raw) if not isinstance(raw, str) else raw.lower() == "true"
    if definition.kind is Spec.SIZE and not errors and values["max"] <= values["min"]:
        errors.append(("max", "'Maximum Size' must be greater than 'Minimum Size'", values["max"]))
    return values, errors


def _flag_word(app: AppName, bit: int) -> str:
    for value, name in _FLAGS[app]:
        if value == bit:
            return re.sub(r"^(g|ptp|ahd)_", "", name.lower())
    return str(bit)


def to_specification(app: AppName, record: SpecRecord) -> Specification:
    """The matcher's view of a stored specification.

    ``exceptLanguage`` ("any language but X") is approximated by negating the condition,
    which agrees with the original for releases in one language.
    """
    definition = spec_def(app, record.implementation)
    kind = definition.kind if definition is not None else Spec(record.implementation)
    fields = record.fields
    value: str | int | tuple[float, float]
    negate = record.negate
    if kind in (Spec.RELEASE_TITLE, Spec.RELEASE_GROUP, Spec.EDITION):
        value = str(fields.get("value") or "")
    elif kind is Spec.SOURCE:
        value = _SOURCE_WORDS.get(app, {}).get(int(fields.get("value") or 0), "unknown")
    elif kind is Spec.RESOLUTION:
        value = int(fields.get("value") or 0)
    elif kind is Spec.QUALITY_MODIFIER:
        words = ("", "regional", "screener", "rawhd", "brdisk", "remux")
        number = int(fields.get("value") or 0)
        value = words[number] if 0 <= number < len(words) else ""
    elif kind is Spec.LANGUAGE:
        lang = language_by_id(app, int(fields.get("value") or 0))
        value = lang.key if lang is not None else "unknown"
        if fields.get("exceptLanguage"):
            negate = not negate
    elif kind is Spec.INDEXER_FLAG:
        value = _flag_word(app, int(fields.get("value") or 0))
    else:
        value = (float(fields.get("min") or 0.0), float(fields.get("max") or 0.0))
    return Specification(kind, value, negate=negate, required=record.required, name=record.name)
