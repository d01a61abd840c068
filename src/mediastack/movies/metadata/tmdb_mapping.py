"""TMDB's JSON (https://developer.themoviedb.org/reference) to the movie domain.

Pure functions over decoded JSON, so the recorded responses in the test fixtures exercise
them without a server. Every field TMDB may leave out or null is treated as optional, and
both shapes of a sub-resource are read: appended (``append_to_response=release_dates``
nests ``{"results": [...]}`` under the movie) and fetched on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from mediastack.manager.metadata.values import as_float, as_int
from mediastack.movies.metadata.models import MovieInfo, ReleaseDates

# TMDB's movie genre ids (``/genre/movie/list``), for search results that carry only ids.
GENRES = {
    28: "Action", 12: "Adventure", 16: "Animation", 35: "Comedy", 80: "Crime",
    99: "Documentary", 18: "Drama", 10751: "Family", 14: "Fantasy", 36: "History",
    27: "Horror", 10402: "Music", 9648: "Mystery", 10749: "Romance",
    878: "Science Fiction", 10770: "TV Movie", 53: "Thriller", 10752: "War", 37: "Western",
}  # fmt: skip
THEATRICAL, DIGITAL, PHYSICAL = 3, 4, 5


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _day(value: object) -> date | None:
    """``2008-02-18`` or ``1999-10-15T00:00:00.000Z``; TMDB sends ``""`` for unknown."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def image_url(base: str, size: str, path: object) -> str | None:
    """``secure_base_url`` + size + ``file_path``: ``https://image.tmdb.org/t/p/original/x.jpg``."""
    file_path = _str(path)
    if file_path is None or not file_path.startswith("/"):
        return None
    return f"{base.rstrip('/')}/{size}{file_path}"


def image_base(configuration: object) -> str | None:
    """The HTTPS image base from ``/configuration`` (``base_url`` if that is all there is)."""
    if not isinstance(configuration, Mapping):
        return None
    images = configuration.get("images")
    if not isinstance(images, Mapping):
        return None
    return _str(images.get("secure_base_url")) or _str(images.get("base_url"))


def error_of(body: object) -> tuple[int | None, str]:
    """TMDB's error body: ``{"status_code": 7, "status_message": ...}`` or ``{"errors": [...]}``."""
    if not isinstance(body, Mapping):
        return None, ""
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return None, "; ".join(str(e) for e in errors)
    return as_int(body.get("status_code")), _str(body.get("status_message")) or ""


def _sub(raw: Mapping[str, Any], key: str, inner: str) -> list[Any]:
    """An appended sub-resource's list (``raw[key][inner]``), or the bare list."""
    part = raw.get(key)
    if isinstance(part, Mapping):
        part = part.get(inner)
    return part if isinstance(part, list) else []


def release_dates(
    results: Iterable[Any], country: str, primary: date | None = None
) -> tuple[ReleaseDates, str | None]:
    """Theatrical (3), digital (4) and physical (5) dates, and the certification.

    The earliest date of each type in ``country`` wins. Cinemas fall back to the earliest
    theatrical date anywhere, then to the primary ``release_date`` (TMDB's first theatrical
    release); home releases do not, because a stray foreign disc would make a movie
    "released" where the user lives (without one, Radarr counts 90 days after cinemas).
    """
    local: dict[int, date] = {}
    worldwide: dict[int, date] = {}
    certification: str | None = None
    for entry in results:
        if not isinstance(entry, Mapping):
            continue
        here = str(entry.get("iso_3166_1") or "").upper() == country.upper()
        for item in entry.get("release_dates") or []:
            if not isinstance(item, Mapping):
                continue
            kind, when = as_int(item.get("type")), _day(item.get("release_date"))
            if kind not in (THEATRICAL, DIGITAL, PHYSICAL) or when is None:
                continue
            if here:
                if kind not in local or when < local[kind]:
                    local[kind] = when
                if certification is None and kind == THEATRICAL:
                    certification = _str(item.get("certification"))
            if kind not in worldwide or when < worldwide[kind]:
                worldwide[kind] = when

    cinemas = local.get(THEATRICAL) or worldwide.get(THEATRICAL) or primary
    return ReleaseDates(cinemas, local.get(DIGITAL), local.get(PHYSICAL)), certification


def alternate_titles(raw: Mapping[str, Any], title: str) -> list[str]:
    seen = {title.casefold()}
    out: list[str] = []
    for item in _sub(raw, "alternative_titles", "titles"):
        name = _str(item.get("title")) if isinstance(item, Mapping) else None
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _best_image(raw: Mapping[str, Any], kind: str) -> object:
    """The most voted image of a kind from an appended ``images`` block (fallback only)."""
    images = _sub(raw, "images", kind)
    ranked = sorted(
        (i for i in images if isinstance(i, Mapping) and _str(i.get("file_path"))),
        key=lambda i: (
            -(as_float(i.get("vote_average")) or 0.0),
            -(as_int(i.get("vote_count")) or 0),
        ),
    )
    return ranked[0].get("file_path") if ranked else None


def map_movie(
    raw: Mapping[str, Any],
    images_base: str,
    country: str = "US",
    poster_size: str = "original",
    fanart_size: str = "original",
) -> MovieInfo:
    """A movie object (``/movie/{id}``, with any appended parts, or a search/find result)."""
    tmdb_id = as_int(raw.get("id"))
    if tmdb_id is None:
        raise ValueError("TMDB movie without an id")
    title = _str(raw.get("title")) or _str(raw.get("original_title")) or f"TMDB {tmdb_id}"
    primary = _day(raw.get("release_date"))
    complete = "runtime" in raw  # details carry runtime; search and find results do not
    dates, certification = release_dates(_sub(raw, "release_dates", "results"), country, primary)
    external = raw.get("external_ids") if isinstance(raw.get("external_ids"), Mapping) else {}
    assert isinstance(external, Mapping)
    imdb = _str(raw.get("imdb_id")) or _str(external.get("imdb_id"))
    genres = [
        g["name"] for g in raw.get("genres") or [] if isinstance(g, Mapping) and _str(g.get("name"))
    ] or [GENRES[g] for g in raw.get("genre_ids") or [] if g in GENRES]
    companies = [
        c["name"]
        for c in raw.get("production_companies") or []
        if isinstance(c, Mapping) and _str(c.get("name"))
    ]
    collection = raw.get("belongs_to_collection")
    if not isinstance(collection, Mapping):
        collection = {}
    year = primary.year if primary else dates.in_cinemas.year if dates.in_cinemas else None
    return MovieInfo(
        tmdb_id=tmdb_id,
        title=title,
        original_title=_str(raw.get("original_title")) or title,
        original_language=_str(raw.get("original_language")),
        imdb_id=imdb if imdb and imdb.startswith("tt") else None,
        overview=_str(raw.get("overview")) or "",
        year=year,
        tmdb_status=_str(raw.get("status")) or ("Released" if primary else ""),
        dates=dates,
        runtime=as_int(raw.get("runtime")) or 0,
        genres=genres,
        studio=companies[0] if companies else None,
        website=_str(raw.get("homepage")),
        certification=certification,
        rating=as_float(raw.get("vote_average")),
        votes=as_int(raw.get("vote_count")) or 0,
        popularity=as_float(raw.get("popularity")) or 0.0,
        poster_url=image_url(
            images_base, poster_size, raw.get("poster_path") or _best_image(raw, "posters")
        ),
        fanart_url=image_url(
            images_base, fanart_size, raw.get("backdrop_path") or _best_image(raw, "backdrops")
        ),
        collection_tmdb_id=as_int(collection.get("id")),
        collection_title=_str(collection.get("name")),
        alternate_titles=alternate_titles(raw, title),
        complete=complete,
    )


def search_results(page: object) -> list[Mapping[str, Any]]:
    """The ``results`` of a ``/search/movie`` page that look like movies."""
    if not isinstance(page, Mapping) or not isinstance(page.get("results"), list):
        raise ValueError("not a TMDB result page")
    return [
        r for r in page["results"] if isinstance(r, Mapping) and as_int(r.get("id")) is not None
    ]


def found_movie_ids(body: object) -> list[int]:
    """Movie ids in a ``/find/{external_id}`` answer (people and shows ignored)."""
    if not isinstance(body, Mapping):
        raise ValueError("not a TMDB find answer")
    results = body.get("movie_results") or []
    ids = [as_int(r.get("id")) for r in results if isinstance(r, Mapping)]
    return [i for i in ids if i is not None]
