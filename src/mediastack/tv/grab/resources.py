"""Quality, language and custom-format values in Sonarr's JSON shapes, shared by the
release, queue, history and blocklist resources (and stored that way in history rows)."""

from __future__ import annotations

from typing import Any

from mediastack.manager.api.quality_resources import quality_resource
from mediastack.manager.parser import Revision
from mediastack.manager.quality import CustomFormat, Quality
from mediastack.manager.quality.languages import by_key


def quality_model(quality: Quality, revision: Revision) -> dict[str, Any]:
    return {
        "quality": quality_resource("sonarr", quality),
        "revision": {
            "version": revision.version,
            "real": revision.real,
            "isRepack": revision.is_repack,
        },
    }


def languages(keys: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for key in keys or ("unknown",):
        lang = by_key("sonarr", key)
        if lang is not None:
            out.append({"id": lang.id, "name": lang.name})
    return out or [{"id": 0, "name": "Unknown"}]


def custom_formats(formats: tuple[CustomFormat, ...]) -> list[dict[str, Any]]:
    return [{"id": cf.id, "name": cf.name} for cf in formats]
