"""MusicBrainz WS/2 JSON to the music domain's artists, albums, releases and tracks.

Pure functions over decoded JSON, so the recorded responses in the test fixtures exercise
them without a server. MusicBrainz leaves out or nulls many fields depending on ``inc``,
so everything but an ``id`` is optional. Partial dates ("2005", "1967-07") are common and
are read as the first day of the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mediastack.manager.metadata.values import as_dict, as_int, as_list
from mediastack.music.metadata.models import (
    AlbumInfo,
    ArtistInfo,
    Link,
    MediumInfo,
    ReleaseInfo,
    TrackInfo,
)

PRIMARY_TYPES = ("Album", "EP", "Single", "Broadcast", "Other")
# Lidarr's names for MusicBrainz's secondary types ("Spokenword", "Mixtape/Street").
SECONDARY_TYPES = (
    "Studio",
    "Compilation",
    "Soundtrack",
    "Spokenword",
    "Interview",
    "Audiobook",
    "Live",
    "Remix",
    "DJ-mix",
    "Mixtape/Street",
    "Demo",
    "Audio drama",
)
RELEASE_STATUSES = ("Official", "Promotion", "Bootleg", "Pseudo-Release")
_SECONDARY_ALIASES = {"spokenword": "Spokenword", "mixtape/street": "Mixtape/Street"}
# url-rels of an artist that Lidarr shows as links, by relation type.
_LINK_NAMES = {
    "allmusic": "allmusic",
    "discogs": "discogs",
    "wikidata": "wikidata",
    "wikipedia": "wikipedia",
    "last.fm": "last",
    "official homepage": "homepage",
    "bandcamp": "bandcamp",
    "youtube": "youtube",
    "soundcloud": "soundcloud",
    "streaming": "streaming",
    "free streaming": "streaming",
    "social network": "social",
}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def partial_date(value: object) -> date | None:
    """``2011-09-09``, ``2011-09`` or ``2011`` (MusicBrainz's partial dates)."""
    text = _text(value)
    if not text:
        return None
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
        while len(numbers) < 3:
            numbers.append(1)
        return date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return None


def _genres(raw: dict[str, Any], limit: int = 10) -> list[str]:
    """``genres`` when MusicBrainz sent them (``inc=genres``), else the tags people voted
    up (``inc=tags``; a tag at zero or below is noise such as "ed sheeran does not ...")."""
    genres = raw.get("genres")
    keep_all = isinstance(genres, list)
    source = as_list(genres) if keep_all else as_list(raw.get("tags"))
    voted = [
        (as_int(t.get("count")) or 0, _text(t.get("name")))
        for t in source
        if isinstance(t, dict) and _text(t.get("name"))
    ]
    if not keep_all:
        voted = [v for v in voted if v[0] > 0]
    voted.sort(key=lambda v: -v[0])
    return [name.title() for _, name in voted[:limit]]


def _rating(raw: dict[str, Any]) -> tuple[float | None, int]:
    rating = as_dict(raw.get("rating"))
    value = rating.get("value")
    votes = as_int(rating.get("votes-count")) or 0
    return (float(value) * 2 if isinstance(value, int | float) else None), votes


def _links(raw: dict[str, Any]) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    for rel in as_list(raw.get("relations")):
        if not isinstance(rel, dict) or rel.get("target-type") != "url":
            continue
        url = _text(as_dict(rel.get("url")).get("resource"))
        name = _LINK_NAMES.get(_text(rel.get("type")).lower())
        if url and name and url not in seen:
            seen.add(url)
            links.append(Link(name, url))
    return links


def credited_artist(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """(MBID, name) of the first credited artist, and the credit as printed."""
    credits = [c for c in as_list(raw.get("artist-credit")) if isinstance(c, dict)]
    if not credits:
        return None, None
    artist = as_dict(credits[0].get("artist"))
    printed = "".join(_text(c.get("name")) + str(c.get("joinphrase") or "") for c in credits)
    return (_text(artist.get("id")) or None), (printed.strip() or _text(artist.get("name")))


def map_artist(raw: dict[str, Any], albums: list[AlbumInfo] | None = None) -> ArtistInfo:
    """One artist from a lookup (``inc=aliases+url-rels+tags+genres+ratings``) or a search hit."""
    life = as_dict(raw.get("life-span"))
    rating, votes = _rating(raw)
    name = _text(raw.get("name"))
    return ArtistInfo(
        mbid=_text(raw["id"]),
        name=name,
        sort_name=_text(raw.get("sort-name")) or name,
        disambiguation=_text(raw.get("disambiguation")),
        artist_type=_text(raw.get("type")),
        status="ended" if life.get("ended") is True else "continuing",
        overview=_text(raw.get("disambiguation")),
        genres=_genres(raw),
        links=_links(raw),
        rating=rating,
        rating_votes=votes,
        aliases=[
            _text(a.get("name"))
            for a in as_list(raw.get("aliases"))
            if isinstance(a, dict) and _text(a.get("name"))
        ],
        albums=albums,
    )


def secondary_types(raw: dict[str, Any]) -> list[str]:
    out = []
    for item in as_list(raw.get("secondary-types")):
        text = _text(item)
        if text:
            out.append(_SECONDARY_ALIASES.get(text.lower(), text))
    return out


def map_medium(raw: dict[str, Any], fallback_number: int) -> MediumInfo:
    return MediumInfo(
        number=as_int(raw.get("position")) or fallback_number,
        name=_text(raw.get("title")),
        format=_text(raw.get("format")) or "Digital Media",
        track_count=as_int(raw.get("track-count")) or len(as_list(raw.get("tracks"))),
    )


def map_tracks(raw: dict[str, Any]) -> list[TrackInfo] | None:
    """Tracks of a release looked up with ``inc=recordings``; None when they were not asked
    for (media without ``tracks``), so a caller can tell "no tracks" from "not fetched"."""
    media = [m for m in as_list(raw.get("media")) if isinstance(m, dict)]
    if not media or not any("tracks" in m for m in media):
        return None
    release_artist, _ = credited_artist(raw)
    tracks: list[TrackInfo] = []
    absolute = 0
    for index, medium in enumerate(media, start=1):
        number = as_int(medium.get("position")) or index
        for item in as_list(medium.get("tracks")):
            if not isinstance(item, dict) or not _text(item.get("id")):
                continue
            absolute += 1
            recording = as_dict(item.get("recording"))
            artist, _ = credited_artist(item) if item.get("artist-credit") else (None, None)
            if artist is None and recording.get("artist-credit"):
                artist, _ = credited_artist(recording)
            tracks.append(
                TrackInfo(
                    mbid=_text(item["id"]),
                    recording_mbid=_text(recording.get("id")),
                    title=_text(item.get("title")) or _text(recording.get("title")),
                    medium_number=number,
                    number=_text(item.get("number")) or str(as_int(item.get("position")) or 0),
                    absolute_number=absolute,
                    duration_ms=as_int(item.get("length")) or as_int(recording.get("length")),
                    artist_mbid=artist or release_artist,
                )
            )
    return tracks


def map_release(raw: dict[str, Any]) -> ReleaseInfo:
    media = [m for m in as_list(raw.get("media")) if isinstance(m, dict)]
    countries = [
        code
        for event in as_list(raw.get("release-events"))
        if isinstance(event, dict)
        for code in as_list(as_dict(event.get("area")).get("iso-3166-1-codes"))
        if isinstance(code, str)
    ]
    if not countries and _text(raw.get("country")):
        countries = [_text(raw.get("country"))]
    labels = [
        _text(as_dict(info.get("label")).get("name"))
        for info in as_list(raw.get("label-info"))
        if isinstance(info, dict) and _text(as_dict(info.get("label")).get("name"))
    ]
    return ReleaseInfo(
        mbid=_text(raw["id"]),
        title=_text(raw.get("title")),
        status=_text(raw.get("status")) or "Official",
        date=partial_date(raw.get("date")),
        countries=list(dict.fromkeys(countries)),
        labels=list(dict.fromkeys(labels)),
        disambiguation=_text(raw.get("disambiguation")),
        media=[map_medium(m, i) for i, m in enumerate(media, start=1)],
        tracks=map_tracks(raw),
    )


def map_release_group(raw: dict[str, Any]) -> AlbumInfo:
    """A release group from a browse, a search or a lookup (``inc=releases+media``)."""
    artist_mbid, artist_name = credited_artist(raw)
    rating, votes = _rating(raw)
    primary = _text(raw.get("primary-type"))
    return AlbumInfo(
        mbid=_text(raw["id"]),
        title=_text(raw.get("title")),
        disambiguation=_text(raw.get("disambiguation")),
        album_type=primary if primary in PRIMARY_TYPES else "Other",
        secondary_types=secondary_types(raw),
        release_date=partial_date(raw.get("first-release-date")),
        genres=_genres(raw),
        rating=rating,
        rating_votes=votes,
        artist_mbid=artist_mbid,
        artist_name=artist_name,
        releases=[
            map_release(r)
            for r in as_list(raw.get("releases"))
            if isinstance(r, dict) and r.get("id")
        ],
    )


def choose_release(
    releases: Sequence[ReleaseInfo],
    allowed_statuses: Iterable[str] = ("Official",),
    first_release: date | None = None,
) -> ReleaseInfo | None:
    """The edition whose track list the library follows.

    Lidarr prefers an allowed status, then the original edition: one released on the
    release group's first-release date (a year-only "2011" would otherwise sort before
    "2011-09-09"), then the earliest; among equals MusicBrainz's order (the first listed),
    which is stable across refreshes. Releases with no date go last.
    """
    if not releases:
        return None
    allowed = {s.lower() for s in allowed_statuses}

    def key(item: tuple[int, ReleaseInfo]) -> tuple[bool, bool, date, int]:
        index, release = item
        original = first_release is not None and release.date == first_release
        return (
            release.status.lower() not in allowed,
            not original,
            release.date or date.max,
            index,
        )

    return min(enumerate(releases), key=key)[1]


def front_cover(raw: dict[str, Any]) -> str | None:
    """The front image of a Cover Art Archive listing (the 500px thumbnail when offered)."""
    images = [i for i in as_list(raw.get("images")) if isinstance(i, dict)]
    fronts = [i for i in images if i.get("front") is True or "Front" in as_list(i.get("types"))]
    for image in fronts:
        thumbs = as_dict(image.get("thumbnails"))
        for key in ("500", "large", "1200"):
            url = _text(thumbs.get(key))
            if url:
                return url
        url = _text(image.get("image"))
        if url:
            return url
    return None
