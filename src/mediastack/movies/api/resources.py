"""The library in Radarr v3's JSON shapes (``MovieResource``, ``MovieFileResource``).

Field names and value formats follow the original exactly, because clients branch on
them: Overseerr tells "add" from "update" by the presence of ``id`` on a lookup result,
Homepage and exportarr count ``hasFile``/``isAvailable``/``sizeOnDisk``, Bazarr reads
``movieFile.path``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from mediastack.manager.api.resources import iso
from mediastack.manager.grab.resources import quality_model
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.importing.quality import stored_quality
from mediastack.manager.library.folders import folder_name
from mediastack.manager.library.resources import NEVER, day, file_fields, images
from mediastack.manager.library.slugs import clean_title, sort_title
from mediastack.manager.quality.languages import by_key
from mediastack.movies.library.model import Movie, MovieFile
from mediastack.movies.metadata.models import MovieInfo, ReleaseDates, is_available, movie_status

# TMDB's ISO 639-1 original languages -> the release-name parser's language keys.
_ISO_639 = {
    "en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "ja": "japanese", "ko": "korean", "zh": "chinese", "cn": "chinese", "ru": "russian",
    "pt": "portuguese", "hi": "hindi", "sv": "swedish", "da": "danish", "nl": "dutch",
    "no": "norwegian", "fi": "finnish", "pl": "polish", "tr": "turkish", "he": "hebrew",
    "ar": "arabic", "th": "thai", "cs": "czech", "hu": "hungarian", "el": "greek",
}  # fmt: skip


def language(key: str | None) -> dict[str, Any]:
    """A language as Radarr writes it (``{"id": 1, "name": "English"}``) from a parser key."""
    found = by_key("radarr", key or "unknown")
    return {"id": found.id, "name": found.name} if found else {"id": 0, "name": "Unknown"}


def original_language(iso_code: str | None) -> dict[str, Any]:
    return language(_ISO_639.get((iso_code or "").lower(), "unknown"))


def _dates(resource: dict[str, Any], dates: ReleaseDates) -> None:
    """Radarr leaves unknown dates out rather than sending null."""
    for key, value in (
        ("inCinemas", dates.in_cinemas),
        ("digitalRelease", dates.digital),
        ("physicalRelease", dates.physical),
        ("releaseDate", dates.release_date),
    ):
        if value is not None:
            resource[key] = day(value)


def _ratings(value: float | None, votes: int) -> dict[str, Any]:
    return {"tmdb": {"votes": votes, "value": value or 0.0, "type": "user"}}


def _alternate_titles(titles: list[str]) -> list[dict[str, Any]]:
    return [{"sourceType": "tmdb", "title": t, "cleanTitle": clean_title(t)} for t in titles]


def _collection(tmdb_id: int | None, title: str | None) -> dict[str, Any] | None:
    return {"title": title or "", "tmdbId": tmdb_id} if tmdb_id else None


def movie_file_resource(file: MovieFile) -> dict[str, Any]:
    """A movie's file; what an import recorded (full quality with its revision, score,
    the file it came from, media info) when it came through one."""
    quality, revision = stored_quality("radarr", file.quality_model, file.quality)
    resource: dict[str, Any] = {
        "id": file.id,
        "movieId": file.movie_id,
        **file_fields(file),
        "edition": file.edition or "",
        "languages": [language(k) for k in file.languages],
        "quality": quality_model("radarr", quality, revision),
        "customFormats": [],
        "customFormatScore": file.custom_format_score,
        "indexerFlags": 0,
        "qualityCutoffNotMet": False,
    }
    if file.original_file_path:
        resource["originalFilePath"] = file.original_file_path
    info = MediaInfo.from_stored(file.media_info)
    if info is not None:
        resource["mediaInfo"] = info.resource()
    return resource


def movie_resource(
    movie: Movie, url_base: str = "", today: date | None = None, local_covers: bool = True
) -> dict[str, Any]:
    """One library movie; ``local_covers=False`` (``excludeLocalCovers``) keeps TMDB's URLs."""
    today = today or datetime.now(UTC).date()
    size = movie.file.size if movie.file else 0
    groups = [movie.file.release_group] if movie.file and movie.file.release_group else []
    resource: dict[str, Any] = {
        "id": movie.id,
        "title": movie.title,
        "originalTitle": movie.original_title,
        "originalLanguage": original_language(movie.original_language),
        "alternateTitles": _alternate_titles(movie.alternate_titles),
        "secondaryYearSourceId": 0,
        "sortTitle": movie.sort_title,
        "sizeOnDisk": size,
        "status": movie.status(today),
        "overview": movie.overview,
        "images": images(
            movie.poster_url,
            movie.fanart_url,
            f"{url_base}/MediaCover/{movie.id}" if local_covers else None,
        ),
        "website": movie.website or "",
        "remotePoster": movie.poster_url,
        "year": movie.year or 0,
        "youTubeTrailerId": movie.youtube_trailer_id or "",
        "studio": movie.studio or "",
        "path": movie.path,
        "qualityProfileId": movie.quality_profile_id,
        "hasFile": movie.has_file,
        "movieFileId": movie.file.id if movie.file else 0,
        "monitored": movie.monitored,
        "minimumAvailability": movie.minimum_availability,
        "isAvailable": movie.is_available(today),
        "folderName": movie.path,
        "runtime": movie.runtime,
        "cleanTitle": clean_title(movie.title),
        "imdbId": movie.imdb_id or "",
        "tmdbId": movie.tmdb_id,
        "titleSlug": movie.title_slug,
        "rootFolderPath": movie.root_folder_path,
        "folder": movie.path.rstrip("/").rsplit("/", 1)[-1],
        "certification": movie.certification or "",
        "genres": movie.genres,
        "keywords": [],
        "tags": movie.tags,
        "added": iso(movie.added),
        "ratings": _ratings(movie.rating, movie.votes),
        "popularity": movie.popularity,
        "statistics": {
            "movieFileCount": 1 if movie.file else 0,
            "sizeOnDisk": size,
            "releaseGroups": groups,
        },
    }
    _dates(resource, movie.dates)
    collection = _collection(movie.collection_tmdb_id, movie.collection_title)
    if collection:
        resource["collection"] = collection
    if movie.file is not None:
        resource["movieFile"] = movie_file_resource(movie.file)
    return resource


def lookup_resource(info: MovieInfo, today: date | None = None) -> dict[str, Any]:
    """A provider result not in the library: no ``id`` and no ``path`` (clients test for
    them), the folder a default add would use, unmonitored, as Radarr's lookup answers."""
    today = today or datetime.now(UTC).date()
    folder = folder_name(info.title, info.year, with_year=True)
    resource: dict[str, Any] = {
        "title": info.title,
        "originalTitle": info.original_title,
        "originalLanguage": original_language(info.original_language),
        "alternateTitles": _alternate_titles(info.alternate_titles),
        "secondaryYearSourceId": 0,
        "sortTitle": sort_title(info.title),
        "sizeOnDisk": 0,
        "status": movie_status(info.tmdb_status, info.dates, today),
        "overview": info.overview,
        "images": images(info.poster_url, info.fanart_url, None),
        "website": info.website or "",
        "remotePoster": info.poster_url,
        "year": info.year or 0,
        "youTubeTrailerId": info.youtube_trailer_id or "",
        "studio": info.studio or "",
        "qualityProfileId": 0,
        "hasFile": False,
        "movieFileId": 0,
        "monitored": False,
        "minimumAvailability": "released",
        "isAvailable": is_available("released", info.dates, today),
        "folderName": folder,
        "runtime": info.runtime,
        "cleanTitle": clean_title(info.title),
        "imdbId": info.imdb_id or "",
        "tmdbId": info.tmdb_id,
        "titleSlug": str(info.tmdb_id),
        "folder": folder,
        "certification": info.certification or "",
        "genres": info.genres,
        "keywords": [],
        "tags": [],
        "added": NEVER,
        "ratings": _ratings(info.rating, info.votes),
        "popularity": info.popularity,
        "statistics": {"movieFileCount": 0, "sizeOnDisk": 0, "releaseGroups": []},
    }
    _dates(resource, info.dates)
    collection = _collection(info.collection_tmdb_id, info.collection_title)
    if collection:
        resource["collection"] = collection
    return resource
