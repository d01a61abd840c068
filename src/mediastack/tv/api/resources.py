"""The library in Sonarr v3's JSON shapes (``SeriesResource``, ``EpisodeResource``, ...).

Field names and value formats follow the originals exactly, because clients branch on
them: Overseerr tells "add" from "update" by the presence of ``id`` on a lookup result,
Bazarr reads ``episodeFileId`` and ``hasFile``, exportarr sums ``statistics``.
"""

from __future__ import annotations

from typing import Any

from mediastack.manager.api.resources import iso
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.library.folders import folder_name
from mediastack.manager.library.resources import NEVER, day, file_fields, images
from mediastack.manager.library.slugs import clean_title
from mediastack.tv.library.model import Episode, EpisodeFile, Series, Statistics
from mediastack.tv.metadata.models import SeriesInfo

_LANGUAGE_IDS = {"English": 1, "French": 2, "Spanish": 3, "German": 4, "Italian": 5, "Japanese": 8}


def language_resource(name: str | None) -> dict[str, Any]:
    name = name or "English"
    return {"id": _LANGUAGE_IDS.get(name, 0), "name": name}


def statistics_resource(stats: Statistics, season_count: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "episodeFileCount": stats.episode_file_count,
        "episodeCount": stats.episode_count,
        "totalEpisodeCount": stats.total_episode_count,
        "sizeOnDisk": stats.size_on_disk,
        "releaseGroups": list(stats.release_groups),
        "percentOfEpisodes": round(stats.percent_of_episodes, 2),
    }
    if stats.next_airing:
        out["nextAiring"] = iso(stats.next_airing)
    if stats.previous_airing:
        out["previousAiring"] = iso(stats.previous_airing)
    if season_count is not None:
        out["seasonCount"] = season_count
    return out


def series_resource(series: Series, url_base: str = "") -> dict[str, Any]:
    stats = series.statistics
    resource: dict[str, Any] = {
        "id": series.id,
        "title": series.title,
        "alternateTitles": [],
        "sortTitle": series.sort_title,
        "status": series.status,
        "ended": series.status == "ended",
        "overview": series.overview,
        "network": series.network,
        "airTime": series.air_time,
        "images": images(
            series.poster_url, series.fanart_url, f"{url_base}/MediaCover/{series.id}"
        ),
        "originalLanguage": language_resource(series.language),
        "remotePoster": series.poster_url,
        "seasons": [
            {
                "seasonNumber": s.season_number,
                "monitored": s.monitored,
                "statistics": statistics_resource(s.statistics),
                "images": [{"coverType": "poster", "url": s.poster_url, "remoteUrl": s.poster_url}]
                if s.poster_url
                else [],
            }
            for s in series.seasons
        ],
        "year": series.year or 0,
        "path": series.path,
        "qualityProfileId": series.quality_profile_id,
        "languageProfileId": series.language_profile_id,
        "seasonFolder": series.season_folder,
        "monitored": series.monitored,
        "monitorNewItems": series.monitor_new_items,
        "useSceneNumbering": False,
        "runtime": series.runtime,
        "tvdbId": series.tvdb_id or 0,
        "tvRageId": series.tvrage_id or 0,
        "tvMazeId": series.tvmaze_id,
        "tmdbId": 0,
        "firstAired": day(series.first_aired),
        "lastAired": day(series.last_aired),
        "seriesType": series.series_type,
        "cleanTitle": series.title_slug.replace("-", ""),
        "imdbId": series.imdb_id or "",
        "titleSlug": series.title_slug,
        "rootFolderPath": series.root_folder_path,
        "folder": series.path.rstrip("/").rsplit("/", 1)[-1],
        "certification": "",
        "genres": series.genres,
        "tags": series.tags,
        "added": iso(series.added),
        "ratings": {"votes": 0, "value": series.rating or 0.0},
        "statistics": statistics_resource(stats, series.season_count),
    }
    if stats.next_airing:
        resource["nextAiring"] = iso(stats.next_airing)
    if stats.previous_airing:
        resource["previousAiring"] = iso(stats.previous_airing)
    return resource


def lookup_resource(info: SeriesInfo) -> dict[str, Any]:
    """A provider result not in the library: no ``id`` and no ``path`` (clients test for
    them), regular seasons offered as monitored, as Sonarr's metadata proxy does."""
    return {
        "title": info.title,
        "alternateTitles": [],
        "sortTitle": info.title.lower(),
        "status": info.status,
        "ended": info.status == "ended",
        "overview": info.overview,
        "network": info.network,
        "airTime": info.air_time,
        "images": images(info.poster_url, info.fanart_url, None),
        "originalLanguage": language_resource(info.language),
        "remotePoster": info.poster_url,
        "seasons": [
            {"seasonNumber": s.number, "monitored": s.number > 0, "images": []}
            for s in info.seasons
        ],
        "year": info.year or 0,
        "qualityProfileId": 0,
        "languageProfileId": 0,
        "seasonFolder": False,
        "monitored": False,
        "monitorNewItems": "all",
        "useSceneNumbering": False,
        "runtime": info.runtime,
        "tvdbId": info.tvdb_id or 0,
        "tvRageId": info.tvrage_id or 0,
        "tvMazeId": info.tvmaze_id,
        "tmdbId": 0,
        "firstAired": day(info.first_aired),
        "lastAired": day(info.last_aired),
        "seriesType": info.series_type,
        "cleanTitle": clean_title(info.title),
        "imdbId": info.imdb_id or "",
        "titleSlug": "",
        "folder": folder_name(info.title),
        "certification": "",
        "genres": info.genres,
        "tags": [],
        "added": NEVER,
        "ratings": {"votes": 0, "value": info.rating or 0.0},
        "statistics": statistics_resource(
            Statistics(), len([s for s in info.seasons if s.number > 0])
        ),
    }


def episode_file_resource(file: EpisodeFile) -> dict[str, Any]:
    return {
        "id": file.id,
        "seriesId": file.series_id,
        "seasonNumber": file.season_number,
        **file_fields(file),
        "languages": [{"id": _LANGUAGE_IDS.get(n, 0), "name": n} for n in file.languages],
        "quality": {
            "quality": {"id": 0, "name": file.quality, "source": "unknown", "resolution": 0},
            "revision": {"version": 1, "real": 0, "isRepack": False},
        },
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "releaseType": "singleEpisode",
        "qualityCutoffNotMet": False,
    } | _media_info(file)


def _media_info(file: EpisodeFile) -> dict[str, Any]:
    """Sonarr's ``mediaInfo``: present once the file was analysed."""
    info = MediaInfo.from_stored(file.media_info)
    return {"mediaInfo": info.resource()} if info is not None else {}


def episode_resource(
    episode: Episode,
    series: Series | None = None,
    file: EpisodeFile | None = None,
    url_base: str = "",
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": episode.id,
        "seriesId": episode.series_id,
        "tvdbId": 0,
        "episodeFileId": episode.episode_file_id or 0,
        "seasonNumber": episode.season_number,
        "episodeNumber": episode.episode_number,
        "title": episode.title,
        "airDate": episode.air_date.isoformat() if episode.air_date else None,
        "airDateUtc": iso(episode.air_date_utc),
        "runtime": episode.runtime or 0,
        "overview": episode.overview,
        "hasFile": episode.has_file,
        "monitored": episode.monitored,
        "unverifiedSceneNumbering": False,
        "images": [],
    }
    if episode.absolute_episode_number is not None:
        resource["absoluteEpisodeNumber"] = episode.absolute_episode_number
    if resource["airDate"] is None:
        del resource["airDate"], resource["airDateUtc"]
    if series is not None:
        resource["series"] = series_resource(series, url_base)
    if file is not None:
        resource["episodeFile"] = episode_file_resource(file)
    return resource
