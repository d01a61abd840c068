"""``calendar``, ``wanted/cutoff`` and the iCal feed (P8, P14) against a running service,
with the recorded Game of Thrones whose last season airs weekly from a week from now."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import SonarrAPI

from mediastack.manager.quality import QualityProfile, by_name
from mediastack.manager.quality.layout import cutoff_key, schema_items
from mediastack.tv.api.ical import escape, fold
from tests.integration.tv.conftest import GOT_TVDB, wait_command
from tests.support.services import RunningService


@pytest.fixture
def got(api: httpx.Client, root: Path, tv: RunningService) -> Iterator[dict[str, Any]]:
    """GoT under a profile allowing HDTV-720p and WEBDL-1080p, cutoff WEBDL-1080p."""
    profiles = tv.ctx.extras["quality_profiles"]
    items = schema_items("sonarr", frozenset({"HDTV-720p", "WEBDL-1080p"}))
    record = profiles.add(
        QualityProfile(
            f"cutoff-{time.monotonic_ns()}",
            items,
            cutoff_key(items, by_name("sonarr", "WEBDL-1080p")),
        )
    )
    body = {
        "tvdbId": GOT_TVDB,
        "title": "Game of Thrones",
        "qualityProfileId": record.id,
        "rootFolderPath": str(root),
        "monitored": True,
        "seasonFolder": True,
        "addOptions": {"monitor": "all"},
    }
    added = api.post("/series", json=body)
    assert added.status_code == 201, added.text
    yield added.json()
    api.delete(f"/series/{added.json()['id']}", params={"deleteFiles": "true"})


def episodes(api: httpx.Client, series_id: int) -> dict[tuple[int, int], dict[str, Any]]:
    return {
        (e["seasonNumber"], e["episodeNumber"]): e
        for e in api.get("/episode", params={"seriesId": series_id}).json()
    }


def test_calendar_window_and_unmonitored_filter(
    sonarr: SonarrAPI, api: httpx.Client, got: dict[str, Any]
) -> None:
    eps = episodes(api, got["id"])
    premiere = eps[(8, 1)]
    now = datetime.now(UTC)
    # pyarr sends plain dates; S08E01 airs in 7 days, S08E02 in 14
    window = sonarr.get_calendar(now + timedelta(days=6), now + timedelta(days=9), False)
    assert [e["id"] for e in window] == [premiere["id"]]
    assert window[0]["seasonNumber"] == 8 and window[0]["episodeNumber"] == 1
    assert window[0]["hasFile"] is False and window[0]["airDateUtc"] == premiere["airDateUtc"]
    # default window: today .. today + 2 days, nothing of GoT airs then
    assert api.get("/calendar").json() == []
    # a past window with the series attached, as Homepage asks
    response = api.get(
        "/calendar",
        params={"start": "2011-04-17", "end": "2011-04-19T00:00:00Z", "includeSeries": "true"},
    )
    assert response.status_code == 200, response.text
    [first] = response.json()
    assert (first["seasonNumber"], first["episodeNumber"]) == (1, 1)
    assert first["series"]["title"] == "Game of Thrones" and first["series"]["titleSlug"]
    assert "series" not in api.get("/calendar", params={"start": "2011-04-17"}).json()[0]
    # unmonitored episodes only with unmonitored=true
    changed = api.put("/episode/monitor", json={"episodeIds": [premiere["id"]], "monitored": False})
    assert changed.status_code == 202, changed.text
    assert sonarr.get_calendar(now + timedelta(days=6), now + timedelta(days=9), False) == []
    again = sonarr.get_calendar(now + timedelta(days=6), now + timedelta(days=9), True)
    assert [e["id"] for e in again] == [premiere["id"]] and again[0]["monitored"] is False
    one = api.get(f"/calendar/{premiere['id']}").json()
    assert one["id"] == premiere["id"] and one["series"]["title"] == "Game of Thrones"
    assert api.get("/calendar/999999").status_code == 404
    assert api.get("/calendar", params={"start": "not-a-date"}).status_code == 400


def _make_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(64) + b"\0" * 100_000)
    old = time.time() - 3600
    os.utime(path, (old, old))
    return path


def test_wanted_cutoff_lists_files_below_the_profile_cutoff(
    tv: RunningService, api: httpx.Client, got: dict[str, Any]
) -> None:
    eps = episodes(api, got["id"])
    drop = tv.settings.downloads_dir / "manual" / f"cutoff-{time.monotonic_ns()}"
    files = []
    for number, quality in ((1, "HDTV-720p"), (2, "WEBDL-1080p")):
        name = f"Game.of.Thrones.S01E0{number}.{quality}-GRP.mkv"
        files.append(
            {
                "path": str(_make_file(drop / name)),
                "seriesId": got["id"],
                "episodeIds": [eps[(1, number)]["id"]],
                "quality": {"quality": {"id": 0, "name": quality}, "revision": {"version": 1}},
            }
        )
    command = api.post(
        "/command", json={"name": "ManualImport", "files": files, "importMode": "copy"}
    ).json()
    assert wait_command(api, command)["status"] == "completed"
    response = api.get("/wanted/cutoff", params={"pageSize": 1})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["totalRecords"] == 1 and page["page"] == 1 and page["pageSize"] == 1
    assert page["sortDirection"] == "descending"
    [record] = page["records"]
    assert record["id"] == eps[(1, 1)]["id"] and record["hasFile"] is True
    full = api.get(
        "/wanted/cutoff", params={"includeSeries": "true", "includeEpisodeFile": "true"}
    ).json()
    [record] = full["records"]
    assert record["series"]["title"] == "Game of Thrones"
    assert record["episodeFile"]["quality"]["quality"]["name"] == "HDTV-720p"
    # an unmonitored episode is no longer wanted
    api.put("/episode/monitor", json={"episodeIds": [eps[(1, 1)]["id"]], "monitored": False})
    assert api.get("/wanted/cutoff").json()["totalRecords"] == 0
    assert api.get("/wanted/cutoff", params={"monitored": "false"}).json()["totalRecords"] == 1


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_ical_feed(tv: RunningService, api: httpx.Client, got: dict[str, Any]) -> None:
    url = f"{tv.url}/feed/v3/calendar/sonarr.ics"
    params = {"apikey": tv.api_key, "pastDays": "0", "futureDays": "30"}
    response = httpx.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    text = response.text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and lines.count("BEGIN:VEVENT") == 4
    assert lines.count("END:VEVENT") == 4
    eps = episodes(api, got["id"])
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids == [f"UID:mediastack_episode_{eps[(8, n)]['id']}" for n in (1, 2, 3, 4)]
    assert unfold(httpx.get(url, params=params).text).count(uids[0]) == 1  # stable
    premiere = eps[(8, 1)]
    summary = f"SUMMARY:Game of Thrones - S08E01 - {escape(premiere['title'])}"
    assert summary in lines
    start = datetime.fromisoformat(premiere["airDateUtc"])
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in lines
    end = start + timedelta(minutes=premiere["runtime"] or 30)
    assert f"DTEND:{end:%Y%m%dT%H%M%SZ}" in lines
    overview = premiere["overview"]
    assert overview and f"DESCRIPTION:{escape(overview)}" in lines
    # the feed's own filters
    premieres = unfold(httpx.get(url, params={**params, "premieresOnly": "true"}).text)
    assert premieres.count("BEGIN:VEVENT") == 1
    all_day = unfold(httpx.get(url, params={**params, "asAllDay": "true"}).text)
    assert f"DTSTART;VALUE=DATE:{premiere['airDate'].replace('-', '')}" in all_day
    tagged = unfold(httpx.get(url, params={**params, "tags": "9999"}).text)
    assert tagged.count("BEGIN:VEVENT") == 0
    # the key is required, in the query
    assert httpx.get(url, params={"futureDays": "30"}).status_code == 401
    assert httpx.get(url, params={"apikey": "wrong"}).status_code == 401


def test_ical_text_escaping_and_folding() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces) and len(pieces) > 1
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == long
    assert fold("SHORT:x") == "SHORT:x"
