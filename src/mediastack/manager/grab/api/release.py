"""``release`` (interactive search and grab) and ``release/push`` (autobrr).

Every result comes back with its decision: ``approved``, ``rejected``,
``temporarilyRejected`` and the readable ``rejections`` a user (or autobrr) acts on. The
keys every original shares are built here; the domain's presenter adds its mapping keys
(``mappedEpisodeInfo``, ``mappedMovieId``...).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, iso, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.api.presenter import GrabPresenter
from mediastack.manager.grab.grabber import PROTOCOL_CODES
from mediastack.manager.grab.resources import custom_formats, languages, quality_model
from mediastack.manager.grab.service import GrabService
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.quality.definitions import AppName
from mediastack.manager.search.model import ReleaseDecision


def release_resource(
    app: AppName, rd: ReleaseDecision[Any, Any], presenter: GrabPresenter[Any, Any]
) -> dict[str, Any]:
    decision = rd.decision
    candidate = decision.candidate
    release = candidate.release
    parsed = candidate.parsed
    age = release.age()
    resource = {
        "guid": release.guid,
        "quality": quality_model(app, candidate.quality, candidate.revision),
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
        "sceneSource": False,
        "languages": languages(app, parsed.languages),
        "approved": decision.approved,
        "temporarilyRejected": decision.temporarily_rejected,
        "rejected": decision.rejected,
        "rejections": decision.reasons,
        "publishDate": iso(release.publish_date),
        "commentUrl": release.comments_url,
        "downloadUrl": release.download_url or None,
        "infoUrl": release.info_url,
        "downloadAllowed": bool(rd.items),
        "releaseWeight": 0,
        "customFormats": custom_formats(candidate.custom_formats),
        "customFormatScore": candidate.custom_format_score,
        "magnetUrl": release.magnet_url,
        "infoHash": release.info_hash,
        "seeders": release.seeders,
        "leechers": release.leechers,
        "protocol": release.protocol,
        "indexerFlags": 0,
        "shouldOverride": False,
    }
    return resource | presenter.release_fields(rd)


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
        tvdb_id=_int(body, "tvdbId"),
        tmdb_id=_int(body, "tmdbId"),
        imdb_id=_imdb(body.get("imdbId")),
    )


def _int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _imdb(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    return text if text.startswith("tt") and text[2:].isdigit() and len(text) >= 9 else None


def release_router(
    domain: ManagerDomain, service: GrabService[Any, Any], presenter: GrabPresenter[Any, Any]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    app = service.domain.app

    def render(rd: ReleaseDecision[Any, Any]) -> dict[str, Any]:
        return release_resource(app, rd, presenter)

    @router.get("/release")
    async def search(request: Request) -> list[dict[str, Any]]:
        target = await asyncio.to_thread(presenter.search_target, request.query_params)
        decisions = await service.runtime.call(
            service.interactive(target.criteria, target.requested)
        )
        return [render(d) for d in decisions]

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
        if not found.items:
            raise ApiError(
                400, f"Unable to grab a release that is not mapped to a {presenter.names.subject}"
            )
        try:
            await service.runtime.call(service.grab(found))
        except Exception as exc:
            raise ApiError(409, f"Getting release from indexer failed: {exc}") from exc
        return render(found)

    @router.post("/release/push")
    async def push(request: Request) -> list[dict[str, Any]] | dict[str, Any]:
        release = pushed_release(await json_body(request))
        try:
            decision = await service.runtime.call(service.push(release))
        except Exception as exc:
            raise ApiError(409, f"Grabbing the pushed release failed: {exc}") from exc
        if presenter.names.push_answers_one:
            return render(decision)
        return [render(decision)]

    return router
