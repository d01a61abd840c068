"""What quality and languages a file has: its name's, or the grab's when the name is mute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mediastack.manager.history import HistoryEvent
from mediastack.manager.parser import ParsedRelease
from mediastack.manager.parser.model import App, Revision
from mediastack.manager.quality.definitions import Quality, by_id, by_name
from mediastack.manager.quality.languages import by_key


def unknown(app: App) -> Quality:
    return by_name(app, "Unknown")


def file_quality(app: App, parsed: ParsedRelease | None) -> tuple[Quality, Revision]:
    """The quality the parse names (Unknown when it names none the catalogue has)."""
    if parsed is None:
        return unknown(app), Revision()
    try:
        return by_name(app, parsed.quality.name), parsed.quality.revision
    except (KeyError, ValueError):
        return unknown(app), parsed.quality.revision


def grabbed_quality(app: App, events: Sequence[HistoryEvent]) -> tuple[Quality, Revision] | None:
    """The quality a grab recorded (used when the file's own name says nothing)."""
    for event in events:
        q = event.quality.get("quality") if isinstance(event.quality, dict) else None
        if isinstance(q, dict) and q.get("name"):
            try:
                quality = by_id(app, int(q["id"])) if q.get("id") else by_name(app, str(q["name"]))
            except (KeyError, ValueError):
                continue
            rev = event.quality.get("revision") or {}
            return quality, Revision(
                int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack"))
            )
    return None


def language_names(app: App, keys: Sequence[str]) -> list[str]:
    """The parse's language keys as names; English when the name says none."""
    names = []
    for key in keys:
        lang = by_key(app, key)
        if lang is not None and lang.key != "unknown":
            names.append(lang.name)
    return names or ["English"]


def stored_quality(
    app: App, data: Mapping[str, Any] | None, fallback: str
) -> tuple[Quality, Revision]:
    """A library file's quality from its stored QualityModel JSON (else its quality name)."""
    q = (data or {}).get("quality") or {}
    rev = (data or {}).get("revision") or {}
    try:
        quality = by_name(app, str(q.get("name") or fallback))
    except (KeyError, ValueError):
        quality = unknown(app)
    revision = Revision(
        int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack", False))
    )
    return quality, revision
