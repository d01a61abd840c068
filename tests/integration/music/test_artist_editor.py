"""``artist/editor``: Lidarr's bulk edit and delete, as Kometa and bulk scripts use them."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.integration.music.conftest import add_ed
from tests.support.fake_musicbrainz import ED_SHEERAN


def test_bulk_edit_applies_to_each_and_checks_first(api: httpx.Client, root: Path) -> None:
    added = add_ed(api, root)
    tag = api.post("/tag", json={"label": "bulk"}).json()
    try:
        bad = api.put("/artist/editor", json={"artistIds": [added["id"]], "metadataProfileId": 999})
        assert bad.status_code == 400 and bad.json()[0]["propertyName"] == "metadataProfileId"
        missing = api.put("/artist/editor", json={"artistIds": [added["id"], 999999]})
        assert missing.status_code == 404
        body = {
            "artistIds": [added["id"]],
            "monitored": False,
            "monitorNewItems": "none",
            "tags": [tag["id"]],
            "applyTags": "add",
        }
        edited = api.put("/artist/editor", json=body)
        assert edited.status_code == 202, edited.text
        [artist] = edited.json()
        assert artist["monitored"] is False and artist["monitorNewItems"] == "none"
        assert artist["tags"] == [tag["id"]]
        removed = api.put(
            "/artist/editor",
            json={"artistIds": [added["id"]], "tags": [tag["id"]], "applyTags": "remove"},
        )
        assert removed.json()[0]["tags"] == []
    finally:
        api.delete(f"/tag/{tag['id']}")


def test_bulk_delete_can_exclude_and_remove_the_folders(api: httpx.Client, root: Path) -> None:
    added = add_ed(api, root)
    folder = Path(added["path"])
    folder.mkdir(parents=True, exist_ok=True)
    body = {"artistIds": [added["id"]], "deleteFiles": True, "addImportListExclusion": True}
    deleted = api.request("DELETE", "/artist/editor", json=body)
    assert deleted.status_code == 200, deleted.text
    assert api.get(f"/artist/{added['id']}").status_code == 404
    assert not folder.exists()
    [exclusion] = api.get("/importlistexclusion").json()
    assert exclusion["foreignId"] == ED_SHEERAN and exclusion["artistName"] == "Ed Sheeran"
    api.delete(f"/importlistexclusion/{exclusion['id']}")
