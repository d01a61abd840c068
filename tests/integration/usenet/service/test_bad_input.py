"""Hostile or broken input gets a clear SABnzbd error; nothing is stored; the service lives."""

from __future__ import annotations

import gzip

import httpx
import pytest

from tests.integration.usenet.service.conftest import Sab

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE nzb [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<nzb><file subject="&d;"><segments><segment bytes="1" number="1">x@y</segment>
</segments></file></nzb>
"""
ABSURD = (
    b'<nzb><file subject="&quot;a.bin&quot; yEnc (1/1)"><segments>'
    b'<segment bytes="999999999999" number="1">a@b</segment></segments></file></nzb>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE nzb [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<nzb><file subject="&x;"><segments><segment bytes="1" number="1">a@b</segment>'
    b"</segments></file></nzb>"
)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"this is not xml", "not well-formed"),
        (b"<nzb><file", "not well-formed"),
        (BOMB, "forbidden"),
        (XXE, "forbidden"),
        (ABSURD, "segment"),
        (b"<nzb></nzb>", "no files"),
        (b"<html><body>login</body></html>", "root element"),
        (gzip.compress(b"<" * (80 * 1024 * 1024)), "larger than"),
    ],
)
def test_bad_nzb_is_refused_and_the_service_keeps_running(
    sab: Sab, body: bytes, reason: str
) -> None:
    answer = sab.addfile(body, "bad.nzb", cat="tv")
    assert answer["status"] is False and answer["nzo_ids"] == []
    assert reason in answer["error"], answer["error"]
    assert sab.get("queue")["queue"]["slots"] == []
    assert sab.get("version")["version"] == "4.5.1"


def test_wrong_key_and_unknown_things(sab: Sab) -> None:
    url = sab.url
    assert httpx.get(url, params={"mode": "queue", "apikey": "0" * 32}).text == "API Key Incorrect"
    assert httpx.get(url, params={"mode": "queue"}).text == "API Key Required"
    assert sab.get("nonsense") == {"status": False, "error": "not implemented"}
    assert sab.get("retry", value="SABnzbd_nzo_nope")["status"] is False
    assert sab.get("queue", name="priority", value="SABnzbd_nzo_nope", value2=1)["status"] is False
    assert sab.get("queue", name="delete", value="SABnzbd_nzo_nope")["nzo_ids"] == []
    assert sab.get("addfile")["status"] is False
    refused = sab.get("set_config", section="servers", keyword="x", host="h", port=99999)
    assert refused["status"] is False and "port" in refused["error"]
    assert (
        sab.get("set_config", section="categories", keyword="x", dir="incomplete")["status"]
        is False
    )


@pytest.mark.parametrize("folder", ["../..", "tv/../../x", "/etc", "../complete-evil"])
def test_a_category_folder_outside_the_complete_folder_is_refused_at_once(
    sab: Sab, folder: str
) -> None:
    answer = sab.get("set_config", section="categories", keyword="evil", dir=folder)
    assert answer == {
        "status": False,
        "error": "the folder must stay inside the complete folder",
    }
    assert "evil" not in sab.get("get_cats")["categories"]
    inside = sab.get("set_config", section="categories", keyword="evil", dir="tv/anime")
    assert inside["config"]["categories"][0]["dir"] == "tv/anime"
