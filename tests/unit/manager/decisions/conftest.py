"""Builders for candidates and contexts: real parser, real catalogue, real profiles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from mediastack.manager.decisions import Candidate, DecisionContext, ExistingFile, WantedItem
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.parser import parse
from mediastack.manager.quality import QualityProfile
from mediastack.manager.quality.definitions import by_name, default_definitions
from mediastack.manager.quality.layout import default_profiles

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
GB = 1024**3


def hd_profile(**changes: Any) -> QualityProfile:
    """Sonarr's "HD - 720p/1080p": cutoff HDTV-720p, SDTV not allowed."""
    profile = next(p for p in default_profiles("sonarr") if p.name == "HD - 720p/1080p")
    return replace(profile, **changes)


def release(title: str, size: float = 1.5, **extra: Any) -> ReleaseInfo:
    fields: dict[str, Any] = {
        "guid": title,
        "title": title,
        "download_url": f"https://indexer.example/get/{title}",
        "publish_date": NOW - timedelta(hours=3),
        "protocol": "usenet",
        "indexer": "Indexer",
        "indexer_id": 1,
        "size": int(size * GB),
    }
    fields.update(extra)
    return ReleaseInfo(**fields)


def candidate(
    title: str = "Show.S01E01.720p.HDTV.x264-GRP",
    size: float = 1.5,
    existing: str | None = None,
    items: int = 1,
    **changes: Any,
) -> Candidate:
    rel_fields = {k: changes.pop(k) for k in list(changes) if k in ReleaseInfo.__dataclass_fields__}
    parsed = parse(title, "sonarr")
    assert parsed is not None
    have = ExistingFile(by_name("sonarr", existing)) if existing else None
    built = Candidate(
        release=release(title, size, **rel_fields),
        parsed=parsed,
        quality=by_name("sonarr", parsed.quality.name),
        items=tuple(WantedItem(i + 1, 1, f"S01E{i + 1:02d}", have) for i in range(items)),
        runtime_minutes=45.0 * items,
        full_season=bool(parsed.episode and parsed.episode.full_season),
    )
    return replace(built, **changes)


def context(**changes: Any) -> DecisionContext:
    base = DecisionContext(
        profile=hd_profile(),
        definitions={d.quality.id: d for d in default_definitions("sonarr")},
        now=NOW,
    )
    return replace(base, **changes)
