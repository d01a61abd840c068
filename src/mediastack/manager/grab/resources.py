"""Quality, language and custom-format values in the originals' JSON shapes, shared by the
release, queue, history and blocklist resources (and stored that way in history rows)."""

from __future__ import annotations

from typing import Any

from mediastack.manager.api.quality_resources import quality_resource
from mediastack.manager.decisions import Candidate
from mediastack.manager.parser import Revision
from mediastack.manager.quality import CustomFormat, Quality
from mediastack.manager.quality.definitions import AppName, by_id
from mediastack.manager.quality.languages import by_key


def quality_model(app: AppName, quality: Quality, revision: Revision) -> dict[str, Any]:
    return {
        "quality": quality_resource(app, quality),
        "revision": {
            "version": revision.version,
            "real": revision.real,
            "isRepack": revision.is_repack,
        },
    }


def quality_of(app: AppName, model: dict[str, Any]) -> tuple[Quality, Revision]:
    """The catalogue quality and revision of a stored QualityModel JSON."""
    quality_id = int((model.get("quality") or {}).get("id", 0))
    rev = model.get("revision") or {}
    try:
        quality = by_id(app, quality_id)
    except KeyError:
        quality = by_id(app, 0)
    return quality, Revision(
        int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack"))
    )


def languages(app: AppName, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for key in keys or ("unknown",):
        lang = by_key(app, key)
        if lang is not None:
            out.append({"id": lang.id, "name": lang.name})
    return out or [{"id": 0, "name": "Unknown"}]


def custom_formats(formats: tuple[CustomFormat, ...]) -> list[dict[str, Any]]:
    return [{"id": cf.id, "name": cf.name} for cf in formats]


def release_summary(candidate: Candidate) -> dict[str, Any]:
    """The ``release`` object of the originals' Grab webhook (Sonarr's, Radarr's, Lidarr's)."""
    release = candidate.release
    return {
        "quality": candidate.quality.name,
        "qualityVersion": candidate.revision.version,
        "releaseGroup": candidate.parsed.release_group,
        "releaseTitle": release.title,
        "indexer": release.indexer,
        "size": release.size or 0,
        "customFormatScore": candidate.custom_format_score,
        "customFormats": [cf.name for cf in candidate.custom_formats],
    }
