"""SABnzbd API details beyond the download itself: XML output for every mode, history
retention, retry with a new NZB, and a busy port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from mediastack.usenet.api.modes import MODES
from tests.integration.usenet.service.conftest import Sab, StartService
from tests.support.releases import Release, md5

# Fields that may change between two calls a few milliseconds apart.
_VOLATILE = ("disk", "speed", "kbpersec", "timeleft", "update", "time", "size", "mb")

# SABnzbd's XML root per mode, for a call with no (or harmless) arguments.
_ROOTS = {
    "version": "version",
    "auth": "auth",
    "queue": "queue",
    "history": "history",
    "get_cats": "categories",
    "get_config": "config",
    "fullstatus": "status",
    "warnings": "warnings",
    "server_stats": "result",
    "pause": "result",
    "resume": "result",
    "addfile": "result",
    "addurl": "result",
    "addlocalfile": "result",
    "retry": "result",
    "retry_all": "result",
    "config": "result",
    "set_config": "result",
    "del_config": "result",
    "switch": "result",
    "change_cat": "status",
    "change_opts": "status",
    "change_script": "status",
}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _same(element: Element, value: Any, key: str = "") -> None:
    """The XML element carries what the JSON value does, in SABnzbd's shapes."""
    if isinstance(value, dict):
        assert [child.tag for child in element] == list(value), key
        for child, (name, item) in zip(element, value.items(), strict=True):
            _same(child, item, name)
    elif isinstance(value, list):
        assert len(element) == len(value), key
        for child, item in zip(element, value, strict=True):
            _same(child, item, key)
    elif not any(word in key for word in _VOLATILE):
        assert (element.text or "") == _text(value), key


def test_every_mode_answers_xml_in_sabnzbd_shapes(sab: Sab) -> None:
    assert set(_ROOTS) == set(MODES), "a new mode needs its XML root here"
    params = {"apikey": sab.service.api_key}
    for mode, root in _ROOTS.items():
        as_json = sab.http.get(sab.url, params={**params, "mode": mode, "output": "json"})
        as_xml = sab.http.get(sab.url, params={**params, "mode": mode, "output": "xml"})
        assert as_xml.status_code == 200, mode
        assert as_xml.headers["content-type"].startswith("text/xml"), mode
        assert as_xml.text.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n'), mode
        document = fromstring(as_xml.content)
        assert document.tag == root, (mode, as_xml.text)
        reply = as_json.json()
        _same(document, reply if root == "result" else reply[root], mode)
    error = sab.http.get(sab.url, params={**params, "mode": "nosuchmode", "output": "xml"})
    document = fromstring(error.content)
    assert document.tag == "result" and document.findtext("error") == "not implemented"
    assert document.findtext("status") == "False"


def test_xml_queue_and_history_of_real_jobs(sab: Sab, release: Release, nntp: object) -> None:
    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    sab.get("pause")
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    params = {"apikey": sab.service.api_key, "output": "xml"}
    queue = fromstring(sab.http.get(sab.url, params={**params, "mode": "queue"}).content)
    assert queue.findtext("paused") == "True"
    [slot] = queue.find("slots") or []
    assert slot.tag == "slot" and slot.findtext("nzo_id") == nzo_id
    assert slot.findtext("cat") == "tv" and slot.findtext("priority") == "Normal"
    sab.get("resume")
    assert sab.wait_final(nzo_id)["status"] == "Completed"
    history = fromstring(sab.http.get(sab.url, params={**params, "mode": "history"}).content)
    [done] = history.find("slots") or []
    assert done.findtext("nzo_id") == nzo_id and done.findtext("status") == "Completed"
    assert [s.tag for s in done.find("stage_log") or []] == ["slot"] * 3
    assert done.find("stage_log/slot/actions/item") is not None


def _complete(sab: Sab, release: Release, name: str) -> str:
    nzo_id = sab.addfile(release.nzb, f"{name}.nzb", cat="tv")["nzo_ids"][0]
    assert sab.wait_final(nzo_id)["status"] == "Completed"
    return str(nzo_id)


def _history_ids(sab: Sab) -> list[str]:
    # aiosabnzbd 0.2 cannot read a history slot whose status is Completed (its enum lacks
    # it, for SABnzbd itself too), so history is read the way the managers read it.
    return [slot["nzo_id"] for slot in sab.get("history", start=0, limit=60)["history"]["slots"]]


def test_history_retention_keeps_the_newest_and_archives_or_deletes_the_rest(
    sab: Sab, release: Release, nntp: object
) -> None:
    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    misc = sab.get("get_config", section="misc")["config"]["misc"]
    assert (misc["history_retention_option"], misc["history_retention_number"]) == ("all", 1)
    first, second, third = (_complete(sab, release, f"Job{n}") for n in range(3))
    assert set(_history_ids(sab)) == {first, second, third}

    reply = sab.get("set_config", section="misc", keyword="history_retention_number", value="2")
    assert reply == {"config": {"misc": {"history_retention_number": 2}}}
    option = {"section": "misc", "keyword": "history_retention_option"}
    sab.get("set_config", **option, value="number-archive")
    assert _history_ids(sab) == [third, second]  # newest first; the oldest is archived
    misc = sab.get("get_config")["config"]["misc"]
    assert (misc["history_retention_option"], misc["history_retention_number"]) == (
        "number-archive",
        2,
    )
    # Only the history entry goes: the files stay where the manager imports them from.
    storage = sab.service.settings.downloads_dir / "usenet" / "tv" / "Job0"
    assert md5(storage / "show.part1.bin") == md5(release.files["show.part1.bin"])

    sab.get("set_config", **option, value="all-delete")
    assert _history_ids(sab) == []
    fourth = sab.addfile(release.nzb, "Job3.nzb", cat="tv")["nzo_ids"][0]
    sab.wait_gone(fourth)  # deleted from history as soon as it completes

    bad = sab.get("set_config", **option, value="x")
    assert bad["status"] is False and "history_retention_option" in bad["error"]
    unknown = sab.get("set_config", section="misc", keyword="complete_dir", value="/tmp")
    assert unknown == {"status": False, "error": "Config item does not exist"}


def test_retention_survives_a_restart(start_service: StartService) -> None:
    with start_service() as sab:
        sab.get(
            "set_config", section="misc", keyword="history_retention_option", value="days-delete"
        )
        sab.get("set_config", section="misc", keyword="history_retention_number", value="7")
    with start_service() as sab:
        misc = sab.get("get_config")["config"]["misc"]
        assert (misc["history_retention_option"], misc["history_retention_number"]) == (
            "days-delete",
            7,
        )


def test_retry_with_a_new_nzb_fetches_only_what_is_new(
    sab: Sab, release: Release, nntp: object
) -> None:
    """A repost under new message-ids, uploaded with retry (SABnzbd's nzbfile)."""
    lacking = release.data_ids[::3]  # far more than 10% par2 can repair
    reposted = {f"re.{m}": release.articles[m] for m in lacking}
    server = nntp({**release.articles, **reposted}, missing=lacking)  # type: ignore[operator]
    sab.add_server("main", server.port)
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    assert sab.wait_final(nzo_id)["status"] == "Failed"
    before = dict(server.server.body_requests)

    new_nzb = release.nzb
    for message_id in lacking:
        new_nzb = new_nzb.replace(f">{message_id}<".encode(), f">re.{message_id}<".encode())
    query = {"mode": "retry", "value": nzo_id, "apikey": sab.service.api_key, "output": "json"}
    files = {"nzbfile": ("repost.nzb", new_nzb, "application/x-nzb")}
    reply = sab.http.post(sab.url, params=query, files=files).json()
    assert reply["status"] is True and reply["nzo_id"] != nzo_id
    nzo_id = reply["nzo_id"]
    done = sab.wait_final(nzo_id)
    assert done["status"] == "Completed", done
    storage = sab.service.settings.downloads_dir / "usenet" / "tv" / release.name
    for name in ("show.part1.bin", "show.part2.bin"):
        assert md5(storage / name) == md5(release.files[name])
    counts = server.server.body_requests
    assert all(counts[m] == before[m] for m in before if m not in lacking), "refetched"
    assert {m for m in counts if m.startswith("re.")} == set(reposted)

    broken = {"nzbfile": ("bad.nzb", b"<nzb", "application/x-nzb")}
    refused = sab.http.post(sab.url, params=query, files=broken).json()
    assert refused["status"] is False and "Invalid NZB" in refused["error"]


def test_retry_all_answers_the_new_ids_as_sabnzbd(sab: Sab, release: Release, nntp: object) -> None:
    server = nntp(release.articles, missing=release.data_ids[::3])  # type: ignore[operator]
    sab.add_server("main", server.port)
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    assert sab.wait_final(nzo_id)["status"] == "Failed"
    query = {"mode": "retry_all", "apikey": sab.service.api_key, "output": "json"}
    reply = sab.http.get(sab.url, params=query).json()
    [retried] = reply["status"]
    assert retried != nzo_id and set(reply) == {"status"}
    assert sab.wait_final(retried)["status"] == "Failed"  # the articles are still missing


def test_serve_refuses_a_busy_port_with_a_clear_message(tmp_path: Any) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        env = {
            **os.environ,
            "MEDIASTACK_PATHS__DATA_ROOT": str(tmp_path / "data"),
            "MEDIASTACK_HTTP__HOST": "127.0.0.1",
            "MEDIASTACK_HTTP__PORT": str(port),
        }
        result = subprocess.run(
            [sys.executable, "-m", "mediastack", "serve", "usenet"],
            env=env,
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use".encode() in result.stderr
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.db"))


def test_queue_and_history_filter_by_cat_or_category_lists(sab: Sab, release: Release) -> None:
    """Sonarr sends ``category=tv``; SABnzbd also takes ``cat`` and comma-separated lists."""
    sab.get("pause")
    tv = sab.addfile(release.nzb, "A.nzb", cat="tv")["nzo_ids"][0]
    movie = sab.addfile(release.nzb, "B.nzb", cat="movies")["nzo_ids"][0]
    sab.addfile(release.nzb, "C.nzb")  # no category: SABnzbd's default "*"

    def queued(**params: Any) -> list[str]:
        return [s["nzo_id"] for s in sab.get("queue", start=0, limit=0, **params)["queue"]["slots"]]

    assert queued(category="tv") == [tv]
    assert queued(category="TV") == [tv]
    assert sorted(queued(cat="tv,movies")) == sorted([tv, movie])
    assert len(queued(category="*")) == 1 and tv not in queued(category="*")
    assert len(queued()) == 3
    sab.get("queue", name="delete", value=movie)
    history = sab.get("history", start=0, limit=60, category="tv")["history"]
    assert history["slots"] == []


def test_fullstatus_counts_open_connections_per_server(
    sab: Sab, release: Release, nntp: object
) -> None:
    import time

    server = nntp(release.articles, body_delay=0.05)  # type: ignore[operator]
    sab.add_server("main", server.port, connections=2)
    assert sab.get("fullstatus")["status"]["servers"][0]["serveractiveconn"] == 0
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    deadline = time.monotonic() + 10
    while sab.get("fullstatus")["status"]["servers"][0]["serveractiveconn"] != 2:
        assert time.monotonic() < deadline, sab.get("fullstatus")["status"]["servers"]
        time.sleep(0.05)
    sab.get("queue", name="delete", value=nzo_id, del_files=1)


def test_an_added_nzb_is_parsed_once(
    sab: Sab, release: Release, nntp: object, monkeypatch: Any
) -> None:
    """Intake parses and checks the NZB; the launch reuses that parse (a 4 GB NZB takes
    ~0.1 s to parse, on the path from add to the first byte)."""
    from mediastack.usenet.queue import manager

    def no_second_parse(data: bytes) -> None:
        raise AssertionError("parsed again at launch")

    monkeypatch.setattr(manager, "parse_nzb", no_second_parse)
    server = nntp(release.articles)  # type: ignore[operator]
    sab.add_server("main", server.port)
    nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
    assert sab.wait_final(nzo_id)["status"] == "Completed"
