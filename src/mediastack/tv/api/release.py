"""``release`` (interactive search and grab) and ``release/push`` (autobrr) in Sonarr's shape.

Every result comes back with its decision: ``approved``, ``rejected``,
``temporarilyRejected`` and the readable ``rejections`` a user (or autobrr) acts on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, iso, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.tv.grab.grabber import PROTOCOL_CODES
from mediastack.tv.grab.resources import custom_formats, languages, quality_model
from mediastack.tv.grab.service import TvGrabService
from mediastack.tv.search.decide import EpisodeDecision


def release_resource(ed: EpisodeDecision) -> dict[str, Any]:
    decision = ed.decision
    candidate = decision.candidate
    release = candidate.release
    parsed = candidate.parsed
    info = parsed.episode
    age = release.age()
    series = ed.series
    return {
        "guid": release.guid,
        "quality": quality_model(candidate.quality, candidate.revision),
        "qualityWeight": candidate.quality.weight * 100 + candidate.revision.version * 10,
        "age": age.days,
        "ageHours": round(age.total_seconds() / 3600, 2),
        "ageMinutes": round(age.total_seconds() / 60, 2),
        "size": release.size or 0,
        "indexerId": release.indexer_id or 0,
        "indexer": release.indexer,
        "releaseGroup": parsed.release_group,
        "releaseHash": parsed.release_hash,
        "title": release.title,
        "fullSeason": bool(info and info.full_season),
        "sceneSource": False,
        "seasonNumber": info.season if info else 0,
        "languages": languages(parsed.languages),
        "airDate": info.air_date if info else None,
        "seriesTitle": info.series_title if info else None,
        "episodeNumbers": list(info.episodes) if info else [],
        "absoluteEpisodeNumbers": list(info.absolute_episodes) if info else [],
        "mappedSeasonNumber": ed.episodes[0].season_number if ed.episodes else None,
        "mappedEpisodeNumbers": [e.episode_number for e in ed.episodes],
        "mappedAbsoluteEpisodeNumbers": [
            e.absolute_episode_number for e in ed.episodes if e.absolute_episode_number
        ],
        "mappedSeriesId": series.id if series else None,
        "mappedEpisodeInfo": [
            {
                "id": e.id,
                "seasonNumber": e.season_number,
                "episodeNumber": e.episode_number,
                "absoluteEpisodeNumber": e.absolute_episode_number,
                "title": e.title,
            }
            for e in ed.episodes
        ],
        "approved": decision.approved,
        "temporarilyRejected": decision.temporarily_rejected,
        "rejected": decision.rejected,
        "tvdbId": release.tvdb_id or (series.tvdb_id if series else 0) or 0,
        "tvRageId": release.tvrage_id or 0,
        "imdbId": release.imdb_id,
        "rejections": decision.reasons,
        "publishDate": iso(release.publish_date),
        "commentUrl": release.comments_url,
        "downloadUrl": release.download_url or None,
        "infoUrl": release.info_url,
        "episodeRequested": candidate.requested,
        "downloadAllowed": bool(ed.episodes),
        "releaseWeight": 0,
        "customFormats": custom_formats(candidate.custom_formats),
        "customFormatScore": candidate.custom_format_score,
        "magnetUrl": release.magnet_url,
        "infoHash": release.info_hash,
        "seeders": release.seeders,
        "leechers": release.leechers,
        "protocol": release.protocol,
        "indexerFlags": 0,
        "isDaily": bool(info and info.air_date),
        "isAbsoluteNumbering": bool(info and info.absolute_episodes),
        "isPossibleSpecialEpisode": False,
        "special": bool(info and info.special),
        "seriesId": series.id if series else None,
        "episodeId": ed.episodes[0].id if len(ed.episodes) == 1 else None,
        "episodeIds": [e.id for e in ed.episodes],
        "shouldOverride": False,
    }


def _publish_date(raw: Any) -> datetime:
    if isinstance(raw, str) and raw.strip():
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise invalid("publishDate", "Publish date is not a valid date", raw) from None
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC)


def pushed_release(body: dict[str, Any]) -> ReleaseInfo:
    """autobrr's push body as an indexer result (P11 errors for missing fields)."""
    title = str(body.get("title") or "").strip()
    if not title:
        raise invalid("Title", "'Title' must not be empty.", body.get("title"))
    download_url = str(body.get("downloadUrl") or "").strip()
    magnet_url = str(body.get("magnetUrl") or "").strip()
    if not download_url and not magnet_url:
        raise invalid("DownloadUrl", "'Download Url' must not be empty.", None)
    raw_protocol = str(body.get("protocol") or body.get("downloadProtocol") or "").lower()
    protocol = {"1": "usenet", "2": "torrent"}.get(raw_protocol, raw_protocol)
    if protocol not in PROTOCOL_CODES:
        protocol = "torrent" if magnet_url or download_url.endswith(".torrent") else "usenet"
    size = body.get("size")
    indexer = str(body.get("indexer") or "Push")
    return ReleaseInfo(
        guid=str(body.get("guid") or f"PUSH-{download_url or magnet_url}"),
        title=title,
        download_url=download_url,
        magnet_url=magnet_url or None,
        publish_date=_publish_date(body.get("publishDate")),
        protocol="torrent" if protocol == "torrent" else "usenet",
        indexer=indexer,
        indexer_id=int(body["indexerId"]) if str(body.get("indexerId") or "").isdigit() else None,
        size=int(size) if isinstance(size, int | float) and size > 0 else None,
        info_url=str(body.get("infoUrl") or "") or None,
        info_hash=str(body.get("infoHash") or "").lower() or None,
        seeders=int(body["seeders"]) if isinstance(body.get("seeders"), int) else None,
        tvdb_id=int(body["tvdbId"]) if isinstance(body.get("tvdbId"), int) else None,
    )


def release_router(domain: ManagerDomain, service: TvGrabService, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/release")
    async def search(
        episodeId: int | None = None, seriesId: int | None = None, seasonNumber: int | None = None
    ) -> list[dict[str, Any]]:
        if episodeId is not None:
            episode = service.store.episode(episodeId)
            if episode is None:
                raise ApiError(404, f"Episode with ID {episodeId} does not exist")
            series = service.store.get(episode.series_id)
            episodes = [episode]
            season = None
        elif seriesId is not None and seasonNumber is not None:
            series = service.store.get(seriesId)
            episodes = service.store.episodes(series_id=seriesId, season_number=seasonNumber)
            season = seasonNumber
        else:
            raise invalid("episodeId", "Either episodeId or seriesId and seasonNumber are required")
        if series is None:
            raise ApiError(404, "Series does not exist")
        decisions = await service.runtime.call(service.interactive(series, episodes, season))
        return [release_resource(d) for d in decisions]

    @router.post("/release")
    async def grab(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        guid = str(body.get("guid") or "")
        indexer_id = int(body.get("indexerId") or 0)
        found = service.cached(guid, indexer_id)
        if found is None:
            raise ApiError(
                404, "Couldn't find requested release in cache, cache timeout probably expired."
            )
        if not found.episodes:
            raise ApiError(400, "Unable to grab a release that is not mapped to episodes")
        try:
            await service.runtime.call(service.grab(found))
        except Exception as exc:
            raise ApiError(409, f"Getting release from indexer failed: {exc}") from exc
        return release_resource(found)

    @router.post("/release/push")
    async def push(request: Request) -> list[dict[str, Any]]:
        release = pushed_release(await json_body(request))
        try:
            decision = await service.runtime.call(service.push(release))
        except Exception as exc:
            raise ApiError(409, f"Grabbing the pushed release failed: {exc}") from exc
        return [release_resource(decision)]

    return router
