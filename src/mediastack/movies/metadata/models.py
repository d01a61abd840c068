"""The movie domain's view of provider metadata, and Radarr's availability rules.

Release dates are kept per kind because Radarr's ``minimumAvailability`` decides by them:
``inCinemas`` (theatrical), ``digitalRelease`` and ``physicalRelease``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

# Radarr's MovieStatusType values (``deleted`` is ours to set, never TMDB's).
STATUSES = ("tba", "announced", "inCinemas", "released", "deleted")
AVAILABILITIES = ("announced", "inCinemas", "released")
RELEASED_AFTER_CINEMAS = timedelta(days=90)
DELETED_AT_PROVIDER = "Deleted"  # what we store when TMDB no longer knows a library movie


@dataclass(frozen=True, slots=True)
class ReleaseDates:
    in_cinemas: date | None = None
    digital: date | None = None
    physical: date | None = None

    @property
    def release_date(self) -> date | None:
        """Radarr's ``releaseDate``: the first home release, else 90 days after cinemas."""
        home = [d for d in (self.digital, self.physical) if d]
        if home:
            return min(home)
        return self.in_cinemas + RELEASED_AFTER_CINEMAS if self.in_cinemas else None


@dataclass(frozen=True, slots=True)
class MovieInfo:
    tmdb_id: int
    title: str
    original_title: str
    original_language: str | None
    imdb_id: str | None
    overview: str
    year: int | None
    tmdb_status: str  # TMDB's word (Released, Post Production, Rumored, ...)
    dates: ReleaseDates
    runtime: int
    genres: list[str]
    studio: str | None
    website: str | None
    certification: str | None
    rating: float | None
    votes: int
    popularity: float
    poster_url: str | None
    fanart_url: str | None
    youtube_trailer_id: str | None = None
    collection_tmdb_id: int | None = None
    collection_title: str | None = None
    alternate_titles: list[str] = field(default_factory=list)
    complete: bool = True  # False for search results (no release dates, no ids)


def movie_status(tmdb_status: str, dates: ReleaseDates, today: date) -> str:
    """Radarr's status from the dates: announced until cinemas, in cinemas until a home
    release (or 90 days after cinemas when none is known), then released."""
    if tmdb_status.lower() in ("canceled", DELETED_AT_PROVIDER.lower()):
        return "deleted"
    if dates.in_cinemas is None and dates.digital is None and dates.physical is None:
        return "released" if tmdb_status.lower() == "released" else "tba"
    home = [d for d in (dates.digital, dates.physical) if d]
    if any(d <= today for d in home):
        return "released"
    if dates.in_cinemas is not None and dates.in_cinemas <= today:
        if not home and today >= dates.in_cinemas + RELEASED_AFTER_CINEMAS:
            return "released"
        return "inCinemas"
    return "announced"


def is_available(minimum: str, dates: ReleaseDates, today: date, delay_days: int = 0) -> bool:
    """Radarr's ``Movie.IsAvailable``: may a release be grabbed yet?

    ``announced`` (and ``tba``): always. ``inCinemas``: from the theatrical date (without
    one, as ``released``). ``released``: from the first of digital and physical, else 90
    days after cinemas; a movie with no dates at all is never available.
    """
    if minimum in ("tba", "announced"):
        return True
    since: date | None
    if minimum == "inCinemas" and dates.in_cinemas is not None:
        since = dates.in_cinemas
    else:
        since = dates.release_date
    if since is None:
        return False
    return today >= since + timedelta(days=delay_days)
