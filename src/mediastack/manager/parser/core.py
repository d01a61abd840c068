"""Entry point of the release-name parser: ``parse(title, app)``.

The steps are: pre-clean (path, extension, site tags, hash), detect the quality
on the whole string (paths carry quality in folder names), parse the structure
for the app (episode, movie or album), then languages on the tail after the
title and the release group. A name is *refused* (``None``) when no structure
was found and nothing else in it looks like a release either (hashes, random
strings, obfuscated posts), or when it is ambiguous in a way the apps refuse
(a date that reads both as day-month and month-day).
"""

from __future__ import annotations

import re
from itertools import pairwise

from mediastack.manager.parser.episode import has_unusable_date, parse_episode
from mediastack.manager.parser.language import parse_languages
from mediastack.manager.parser.model import APPS, App, EpisodeInfo, ParsedRelease, QualityModel
from mediastack.manager.parser.movie import parse_movie
from mediastack.manager.parser.music import parse_music
from mediastack.manager.parser.quality import parse_quality
from mediastack.manager.parser.release_group import parse_release_group
from mediastack.manager.parser.text import Cleaned, clean_title, normalize_title, preclean

_MAX_INPUT = 16_384  # release names are < 300 chars; bounds the cost of any input
_APP_BY_NAME: dict[str, App] = {a: a for a in APPS}
_TOKEN_SPLIT_RE = re.compile(r"[^A-Za-z0-9]+")
_HEX_RE = re.compile(r"^(?:_unpack\s+)?[0-9a-f]{16,}$", re.IGNORECASE)
_SXXEXX_IN_TOKEN_RE = re.compile(r"s\d{1,2}e\d{1,3}", re.IGNORECASE)
_LONG_RUN_RE = re.compile(r"[A-Za-z0-9]{12}")
_YENC_RE = re.compile(r"(?=[yp])(?:\byEnc\b|^password\b)", re.IGNORECASE)
_SEASON_DIR_RE = re.compile(r"^(?:Season|Saison|Temporada|Series)[ ._]?(\d{1,4})$", re.IGNORECASE)
_LEADING_NUMBER_RE = re.compile(r"^(\d{1,3})(?:\.|\s|-)\s*\D")
_COMPLETE_NO_SEASON_RE = re.compile(r"\((?:19|20)\d\d\)\s+Complete(?![A-Za-z])", re.IGNORECASE)


def _is_random_token(tok: str) -> bool:
    """Whether a token looks machine-generated (long, letters and digits mixed)."""
    if len(tok) < 12:
        return False
    has_digit = any(c.isdigit() for c in tok)
    has_alpha = any(c.isalpha() for c in tok)
    if not (has_digit and has_alpha):
        return False
    transitions = sum(1 for a, b in pairwise(tok) if a.isdigit() != b.isdigit())
    mixed_case = any(c.isupper() for c in tok) and any(c.islower() for c in tok)
    return transitions >= 3 or (mixed_case and transitions >= 2 and len(tok) >= 20)


def looks_like_junk(text: str) -> bool:
    """Hashes, random strings and obfuscated posts that name no release at all."""
    stripped = text.strip()
    if not stripped or _HEX_RE.match(stripped) or _YENC_RE.search(stripped):
        return True
    if not _LONG_RUN_RE.search(stripped):
        return False
    tokens = [t for t in _TOKEN_SPLIT_RE.split(stripped) if t]
    if not tokens:
        return True
    random_tokens = [
        t
        for t in tokens
        if (_is_random_token(t) and not _SXXEXX_IN_TOKEN_RE.search(t)) or _HEX_RE.match(t)
    ]
    return bool(random_tokens) and sum(map(len, random_tokens)) * 2 >= sum(map(len, tokens))


def _has_signal(quality: QualityModel, languages: tuple[str, ...], group: str | None) -> bool:
    """Whether anything besides the title says this names a release."""
    return (
        quality.source != "unknown"
        or quality.resolution > 0
        or languages != ("unknown",)
        or (group is not None)
    )


def _episode_from_path(cleaned: Cleaned) -> tuple[EpisodeInfo, int] | None:
    """Episode from a file path: the file name, else the folders above it."""
    parsed = parse_episode(cleaned.text) if not looks_like_junk(cleaned.text) else None
    if (parsed is not None and parsed[0].episodes) or (parsed is not None and parsed[0].air_date):
        return parsed
    if cleaned.parents:
        sm = _SEASON_DIR_RE.match(cleaned.parents[0])
        lm = _LEADING_NUMBER_RE.match(cleaned.text)
        if sm is not None and lm is not None:
            # "Series/Season 2/03 - Title.mkv": the series is the folder above the season.
            series = clean_title(cleaned.parents[1]) if len(cleaned.parents) > 1 else ""
            info = EpisodeInfo(
                series_title=series,
                title_without_year=series,
                season=int(sm.group(1)),
                episodes=(int(lm.group(1)),),
            )
            return info, len(cleaned.text)
    for parent in cleaned.parents[:2]:
        p = parse_episode(parent)
        if p is not None and (p[0].episodes or p[0].air_date):
            return p[0], len(cleaned.text)
    return parsed


def _parse(title: str, app: App, input_kind: str) -> ParsedRelease | None:
    """The parse itself (``parse`` validates the arguments)."""
    cleaned = preclean(title[:_MAX_INPUT], input_kind)
    text = cleaned.text
    quality = parse_quality(cleaned.full, cleaned.extension, app)
    episode = movie = music = None
    title_end = 0
    main_title = ""
    junk = looks_like_junk(text)
    if app == "sonarr":
        if cleaned.parents:
            ep = _episode_from_path(cleaned)
        else:
            ep = parse_episode(text) if not junk else None
        if ep is not None:
            episode, title_end = ep
            main_title = episode.series_title
        elif has_unusable_date(text) or _COMPLETE_NO_SEASON_RE.search(text):
            # Refused like the app does: a date that reads both as day-month and as
            # month-day (or lies in the future), or a "complete" pack with no season.
            return None
    elif app == "radarr":
        mv = parse_movie(text) if not junk else None
        if mv is None and cleaned.parents and not looks_like_junk(cleaned.parents[0]):
            mv = parse_movie(cleaned.parents[0])
            title_end = len(text)
        if mv is not None:
            movie, end = mv
            title_end = title_end or end
            main_title = movie.movie_title
    else:
        mu = parse_music(text) if not junk else None
        if mu is not None:
            music, title_end = mu
            main_title = f"{music.artist} - {music.album}"
    tail = text[title_end:] if title_end else text
    languages = parse_languages(tail, whole=text)
    group = parse_release_group(text, app)
    if group is None and cleaned.parents and (episode is not None or movie is not None):
        group = parse_release_group(cleaned.parents[0], app)
    structured = episode is not None or movie is not None or music is not None
    if not structured and (
        junk
        # A quality guessed from the extension alone says nothing about the name.
        or not _has_signal(parse_quality(text, "", app), languages, group)
        or (cleaned.parents and group is None)
    ):
        return None
    return ParsedRelease(
        input=title,
        app=app,
        title=main_title,
        normalized_title=normalize_title(main_title) if main_title else "",
        quality=quality,
        languages=languages,
        release_group=group,
        release_hash=cleaned.release_hash,
        episode=episode,
        movie=movie,
        music=music,
    )


def parse(title: str, app: str = "sonarr", input_kind: str = "title") -> ParsedRelease | None:
    """Parse a release or file name for ``app`` (``sonarr``, ``radarr``, ``lidarr``).

    Returns None when the name is refused. Never raises on any string: the
    parser is pure pattern matching on bounded input, and an unknown ``app``
    falls back to Sonarr semantics.
    """
    if not isinstance(title, str):
        return None
    chosen: App = _APP_BY_NAME.get(app, "sonarr")
    return _parse(title, chosen, input_kind)
