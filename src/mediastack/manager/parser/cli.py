"""Command-line helpers: ``mediastack parse`` prints parses as JSON.

``parse_to_json`` gives the full typed parse (what Sonarr's ``/api/v3/parse``
offers); ``run_jsonl`` maps each input line ``{"title", "app", "input"}`` to an
object with the keys of the vector files' ``expect`` objects (or ``null`` when
the title is refused) so that any vector file can be scored against us.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, TextIO

from mediastack.manager.parser.core import parse
from mediastack.manager.parser.model import ParsedRelease


def to_expect(parsed: ParsedRelease | None) -> dict[str, Any] | None:
    """Map a parse to the vector schema's ``expect`` keys (None when refused)."""
    if parsed is None:
        return None
    q = parsed.quality
    out: dict[str, Any] = {
        "release_group": parsed.release_group,
        "release_hash": parsed.release_hash,
        "quality": q.name,
        "quality_source": q.source,
        "resolution": q.resolution,
        "quality_modifier": q.modifier,
        "version": q.revision.version,
        "repack": q.revision.is_repack,
        "real": q.revision.real,
        "languages": list(parsed.languages),
        "languages_include": list(parsed.languages),
    }
    ep = parsed.episode
    if ep is not None:
        out.update(
            series_title=ep.series_title,
            series_titles=list(ep.series_titles) or [ep.series_title],
            title_without_year=ep.title_without_year,
            year=ep.year,
            season=ep.season,
            episodes=list(ep.episodes),
            absolute_episodes=list(ep.absolute_episodes),
            special_absolute_episodes=list(ep.special_absolute_episodes),
            air_date=ep.air_date,
            daily_part=ep.daily_part,
            full_season=ep.full_season,
            partial_season=ep.partial_season,
            season_part=ep.season_part,
            multi_season=ep.multi_season,
            season_extra=ep.season_extra,
            special=ep.special,
            split_episode=ep.split_episode,
        )
    mv = parsed.movie
    if mv is not None:
        out.update(
            movie_title=mv.movie_title,
            movie_titles=list(mv.movie_titles),
            year=mv.year,
            edition=mv.edition,
            imdb_id=mv.imdb_id,
            tmdb_id=mv.tmdb_id,
            hardcoded_subs=mv.hardcoded_subs,
        )
    mu = parsed.music
    if mu is not None:
        out.update(
            artist=mu.artist,
            album=mu.album,
            year=mu.year,
            discography=mu.discography,
            discography_start=mu.discography_start,
            discography_end=mu.discography_end,
        )
    return out


def parse_to_json(title: str, app: str = "sonarr") -> str:
    """Full parse of one title as indented JSON (``null`` when refused)."""
    parsed = parse(title, app)
    payload = None if parsed is None else dataclasses.asdict(parsed)
    return json.dumps(payload, ensure_ascii=False, indent=2)


def run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Read JSON lines ``{"title", "app", "input"}`` and write one result per line.

    Malformed lines produce ``null`` so that output lines stay aligned with input
    lines; the exit code is 1 when any line was malformed, else 0.
    """
    status = 0
    for line in stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            title = req["title"]
            app = req.get("app", "sonarr")
            kind = req.get("input", "title")
            if not isinstance(title, str):
                raise TypeError("title must be a string")
        except (ValueError, KeyError, TypeError, AttributeError):
            stdout.write("null\n")
            status = 1
            continue
        result = to_expect(parse(title, str(app), str(kind)))
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    stdout.flush()
    return status
