"""The TV manager's library pages over real HTTP: every route signed out (-> login), signed
in (200 with what the API says), with bad ids (the HTML 404 page), and each action's effect
read back through the API."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mediastack.web.manager.api import ApiCallError, ManagerApi
from tests.integration.tv.conftest import GOT_TVDB
from tests.support.manager_web import ManagerRig, tv_rig


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerRig]:
    with tv_rig(tmp_path_factory.mktemp("tv-pages")) as rig:
        yield rig


@pytest.fixture(scope="module")
def web(rig: ManagerRig) -> Iterator[httpx.Client]:
    client = rig.web()
    yield client
    client.close()


@pytest.fixture(scope="module")
def series(rig: ManagerRig, web: httpx.Client) -> dict[str, Any]:
    """Game of Thrones, added through the add form as a person would."""
    page = web.get("/add", params={"term": "game of thrones"})
    assert page.status_code == 200 and "Add Game of Thrones…" in page.text
    root = str((rig.svc.settings.media_dir / "tv").resolve())
    added = web.post(
        "/add",
        data={
            "term": "game of thrones",
            "tvdbId": str(GOT_TVDB),
            "tvMazeId": "82",
            "title": "Game of Thrones",
            "rootFolderPath": root,
            "qualityProfileId": "6",
            "monitor": "all",
        },
    )
    assert added.status_code == 303
    match = re.fullmatch(
        r"/library/(\d+)\?message=Added\+Game\+of\+Thrones\.", added.headers["location"]
    )
    assert match, added.headers["location"]
    with rig.api() as api:
        found: dict[str, Any] = api.get(f"/series/{match.group(1)}").json()
    assert found["qualityProfileId"] == 6 and found["rootFolderPath"] == root
    return found


ROUTES = [
    "/library",
    "/library/1",
    "/library/1/live",
    "/library/1/releases?scope=season&value=1",
    "/library/1/releases/results?scope=season&value=1",
    "/add",
    "/calendar",
    "/wanted",
    "/wanted/missing",
    "/wanted/cutoff",
]


@pytest.mark.parametrize("path", ROUTES)
def test_signed_out_visitors_are_sent_to_login(rig: ManagerRig, path: str) -> None:
    reply = httpx.get(rig.url + path, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/login"


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("/library/999", "This series does not exist"),
        ("/library/abc", "no series with the id “abc”"),
        ("/library/0/live", "no series with the id “0”"),
        ("/library/999/releases?scope=season&value=1", "does not exist"),
        ("/wanted/everything", "no such wanted list"),
    ],
)
def test_bad_ids_are_the_404_page(
    web: httpx.Client, series: dict[str, Any], path: str, what: str
) -> None:
    reply = web.get(path)
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in reply.text and what.lower() in reply.text.lower()
    assert 'href="/library"' in reply.text  # signed in: the layout and the way back


def test_an_api_failure_is_a_page_with_its_sentence(
    web: httpx.Client, series: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def busy(_api: ManagerApi, _path: str, **_params: Any) -> Any:
        raise ApiCallError(503, "Database is locked; try again in a moment")

    monkeypatch.setattr(ManagerApi, "get", busy)  # the service runs in this process
    reply = web.get("/library")
    assert reply.status_code == 503
    assert reply.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in reply.text and "Database is locked" in reply.text
    monkeypatch.undo()
    assert web.get("/library").status_code == 200


def test_bad_scopes_of_interactive_search_are_404(
    web: httpx.Client, series: dict[str, Any]
) -> None:
    base = f"/library/{series['id']}/releases"
    assert web.get(base).status_code == 404  # a whole series has no interactive search
    assert web.get(base, params={"scope": "album", "value": "1"}).status_code == 404
    assert web.get(base, params={"scope": "episode", "value": "99999"}).status_code == 404


def test_grid_shows_the_series_with_its_cover_and_counts(
    web: httpx.Client, series: dict[str, Any]
) -> None:
    page = web.get("/library")
    assert page.status_code == 200
    card = re.search(
        rf'<a class="poster-card" href="/library/{series["id"]}".*?</a>', page.text, re.S
    )
    assert card, page.text
    assert 'src="/MediaCover/' in card.group(0)  # the local cover, not the provider's
    assert "Game of Thrones" in card.group(0) and "2011" in card.group(0)
    assert f"0 / {series['statistics']['episodeCount']}" in card.group(0)
    cover = web.get(f"/MediaCover/{series['id']}/poster.jpg")
    assert cover.status_code == 200 and cover.content.startswith(b"\xff\xd8")


def test_grid_filters_and_sorts(web: httpx.Client, series: dict[str, Any]) -> None:
    assert "Game of Thrones" in web.get("/library", params={"show": "missing"}).text
    assert "Game of Thrones" in web.get("/library", params={"show": "monitored"}).text
    unmonitored = web.get("/library", params={"show": "unmonitored"}).text
    assert "No series match these filters" in unmonitored
    assert "No series match" in web.get("/library", params={"q": "flash"}).text
    assert "Game of Thrones" in web.get("/library", params={"q": "THRONES", "sort": "size"}).text


def test_detail_lists_seasons_and_episodes_with_their_state(
    web: httpx.Client, series: dict[str, Any]
) -> None:
    page = web.get(f"/library/{series['id']}")
    assert page.status_code == 200
    text = page.text
    assert "Season 1" in text and "Season 8" in text
    assert "Winter is Coming" in text and 'data-episode="S01E01"' in text
    assert "Unaired" in text and "Missing" in text  # season 8 is in the future
    assert "HD - 720p/1080p" in text  # the quality profile by name
    assert 'id="season-7" open' in text  # the latest season that has aired is open
    assert "Nothing has happened to this item yet." in text
    ids = re.findall(r' id="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "ids are unique (focus is restored by id)"
    assert f'id="do-library-{series["id"]}-search-season-1"' in text


def test_add_page_marks_what_is_already_in_the_library(
    web: httpx.Client, series: dict[str, Any]
) -> None:
    page = web.get("/add", params={"term": "game of thrones"})
    assert "In the library" in page.text and f'href="/library/{series["id"]}"' in page.text
    assert "Add Game of Thrones…" not in page.text


def test_adding_twice_says_why_and_keeps_the_search(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    again = web.post(
        "/add",
        data={
            "term": "game of thrones",
            "tvdbId": str(GOT_TVDB),
            "rootFolderPath": series["rootFolderPath"],
            "qualityProfileId": "1",
            "monitor": "all",
        },
    )
    assert again.status_code == 303
    location = again.headers["location"]
    assert location.startswith("/add?term=game+of+thrones&error=Not+added")
    assert "Not added:" in web.get(location).text
    with rig.api() as api:
        assert len(api.get("/series").json()) == 1


def test_monitor_toggles_reach_the_api(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    sid = series["id"]
    with rig.api() as api:
        episode = next(
            e
            for e in api.get("/episode", params={"seriesId": sid}).json()
            if e["seasonNumber"] == 2
        )
        reply = web.post(
            f"/library/{sid}/monitor",
            data={"scope": "episode", "value": str(episode["id"]), "monitored": "false"},
        )
        assert reply.status_code == 303 and "message=Unmonitored+S02E" in reply.headers["location"]
        assert api.get(f"/episode/{episode['id']}").json()["monitored"] is False

        reply = web.post(
            f"/library/{sid}/monitor", data={"scope": "season", "value": "3", "monitored": "false"}
        )
        assert "Unmonitored+season+3" in reply.headers["location"]
        seasons = {
            s["seasonNumber"]: s["monitored"] for s in api.get(f"/series/{sid}").json()["seasons"]
        }
        assert seasons[3] is False and seasons[2] is True

        web.post(f"/library/{sid}/monitor", data={"monitored": "false"})
        assert api.get(f"/series/{sid}").json()["monitored"] is False
        assert "Game of Thrones" in web.get("/library", params={"show": "unmonitored"}).text
        web.post(f"/library/{sid}/monitor", data={"monitored": "true"})
        assert api.get(f"/series/{sid}").json()["monitored"] is True

        bad = web.post(f"/library/{sid}/monitor", data={"scope": "season", "value": "x"})
        assert "error=Choose+a+season" in bad.headers["location"]


def test_interactive_search_shows_every_verdict_and_grabs(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    sid = series["id"]
    with rig.api() as api:
        s01e01 = api.get("/episode", params={"seriesId": sid, "seasonNumber": 1}).json()[0]
    query = {"scope": "episode", "value": str(s01e01["id"])}
    shell = web.get(f"/library/{sid}/releases", params=query)
    assert shell.status_code == 200 and "S01E01 · Winter is Coming" in shell.text
    assert f'data-load="/library/{sid}/releases/results?scope=episode&amp;value=' in shell.text
    results = web.get(f"/library/{sid}/releases/results", params=query).text
    assert results.count('class="release approved"') == 2
    assert results.count('class="release rejected"') == 1
    assert "Quality SDTV is not wanted in profile" in results  # the engine's own reason
    inline = web.get(f"/library/{sid}/releases", params={**query, "now": "1"}).text
    assert "Game.of.Thrones.S01E01.HDTV.XviD-FQM" in inline  # works without JavaScript

    guid = re.search(r'name="guid" value="([^"]+)"', results)
    assert guid
    grabbed = web.post(
        f"/library/{sid}/releases/grab",
        data={"guid": guid.group(1), "indexerId": "1", "title": "the release", **query},
    )
    assert grabbed.status_code == 303
    assert grabbed.headers["location"].startswith(f"/library/{sid}?message=Grabbed")
    assert rig.sab is not None and len(rig.sab.jobs) == 1  # it reached the download client
    deadline = time.monotonic() + 10
    while "Downloading" not in (live := web.get(f"/library/{sid}/live").text):
        assert time.monotonic() < deadline, live
        time.sleep(0.2)
    assert 'role="progressbar"' in live
    history = web.get(f"/library/{sid}").text.split('id="history-heading"')[1]
    assert "Grabbed" in history and "S01E01 · Winter is Coming" in history
    assert "Game.of.Thrones.S01E01" in history

    stale = web.post(
        f"/library/{sid}/releases/grab", data={"guid": "nope", "indexerId": "1", **query}
    )
    assert "error=Not+grabbed" in stale.headers["location"]
    assert "cache" in web.get(stale.headers["location"]).text


def test_searches_queue_the_originals_commands(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    sid = series["id"]
    with rig.api() as api:
        before = {c["id"] for c in api.get("/command").json()}
        reply = web.post(f"/library/{sid}/search", data={"scope": "season", "value": "1"})
        assert "message=Searching+for+Game+of+Thrones+season+1" in reply.headers["location"]
        web.post(f"/library/{sid}/refresh")
        commands = [c for c in api.get("/command").json() if c["id"] not in before]
        bodies = {c["name"]: c["body"] for c in commands}
        assert bodies["SeasonSearch"]["seriesId"] == sid
        assert bodies["SeasonSearch"]["seasonNumber"] == 1
        assert bodies["RefreshSeries"]["seriesId"] == sid


def test_cross_origin_actions_are_refused(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    forged = web.post(
        f"/library/{series['id']}/delete",
        data={"deleteFiles": "true"},
        headers={"Origin": "http://evil.example"},
    )
    assert forged.status_code == 403
    with rig.api() as api:
        assert api.get(f"/series/{series['id']}").status_code == 200


def test_calendar_week_and_agenda(web: httpx.Client, series: dict[str, Any]) -> None:
    agenda = web.get("/calendar", params={"view": "agenda"})
    assert agenda.status_code == 200
    assert "S08E01 · Winterfell" in agenda.text and 'class="event upcoming"' in agenda.text
    season8 = next(s for s in series["seasons"] if s["seasonNumber"] == 8)
    first_air = season8["statistics"]["nextAiring"][:10]
    week = web.get("/calendar", params={"start": first_air})
    assert week.status_code == 200 and "S08E01 · Winterfell" in week.text
    assert week.text.count('class="day') == 7
    past = web.get("/calendar", params={"start": "2011-04-18"}).text
    assert "S01E01 · Winter is Coming" in past and 'class="event missing"' in past
    assert "S01E01" not in web.get("/calendar", params={"start": "2011-04-01"}).text
    assert web.get("/calendar", params={"start": "not-a-date"}).status_code == 200


def test_wanted_lists_page_and_search(
    rig: ManagerRig, web: httpx.Client, series: dict[str, Any]
) -> None:
    assert web.get("/wanted").headers["location"] == "/wanted/missing"
    missing = web.get("/wanted/missing")
    assert missing.status_code == 200 and "S07E07 · The Dragon and the Wolf" in missing.text
    assert "Page 1 of" in missing.text
    second = web.get("/wanted/missing", params={"page": "2"}).text
    assert "S07E07" not in second
    cutoff = web.get("/wanted/cutoff")
    assert cutoff.status_code == 200 and "Every file meets" in cutoff.text
    with rig.api() as api:
        before = {c["id"] for c in api.get("/command").json()}
        episode_ids = re.findall(r'name="ids" value="(\d+)"', missing.text)[:2]
        ticked = web.post("/wanted/missing/search", data={"ids": episode_ids})
        assert "message=Searching+for+2+items" in ticked.headers["location"]
        none = web.post("/wanted/missing/search", data={})
        assert "error=Tick+what" in none.headers["location"]
        everything = web.post("/wanted/missing/search", data={"all": "1"})
        assert "message=Searching+for+everything" in everything.headers["location"]
        new = [c for c in api.get("/command").json() if c["id"] not in before]
    names = [c["name"] for c in new]
    assert "EpisodeSearch" in names and "MissingEpisodeSearch" in names
    search = next(c for c in new if c["name"] == "EpisodeSearch")
    assert sorted(search["body"]["episodeIds"]) == sorted(int(i) for i in episode_ids)


def test_delete_removes_and_returns_to_the_grid(web: httpx.Client, series: dict[str, Any]) -> None:
    # last: the other tests share the series
    reply = web.post(f"/library/{series['id']}/delete", data={})
    assert reply.headers["location"] == "/library?message=Deleted+Game+of+Thrones."
    assert "Your library is empty" in web.get("/library").text
    assert web.get(f"/library/{series['id']}").status_code == 404
