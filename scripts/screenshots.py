"""Screenshots of the torrent and usenet pages with demo content, for the docs.

Run from the repository root: ``python scripts/screenshots.py``. Starts both services on
loopback in temporary folders (nothing leaves the machine: torrents have no trackers, the
one peer is a bare libtorrent session on 127.0.0.1 and the NNTP server is the test
suite's), fills them with a few jobs in different states and saves, at 1280 px:
``torrent.png`` (the list), ``torrent-detail.png`` (one torrent, downloading from the
peer), ``torrent-preferences.png``, ``usenet.png`` (the queue) and ``usenet-servers.png``
(a server tested from the add form) under ``docs/screenshots/``.
Not a test: it only needs to produce pictures that show what the pages look like.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import libtorrent as lt  # noqa: E402

from mediastack.core.roles import Role  # noqa: E402
from tests.integration.torrent.conftest import BareSession, Payload  # noqa: E402
from tests.integration.usenet.service.conftest import ThreadedNntp  # noqa: E402
from tests.support.browser import browser_page  # noqa: E402
from tests.support.releases import Release, build_release, random_files  # noqa: E402
from tests.support.services import (  # noqa: E402
    clear_mediastack_env,
    running_service,
)

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo password"  # noqa: S105 - a throwaway login of a temporary service
VIEWPORT = {"width": 1280, "height": 900}
SHOTS = (
    "torrent.png",
    "torrent-detail.png",
    "torrent-preferences.png",
    "usenet.png",
    "usenet-servers.png",
)


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {predicate}")


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def demo_torrent(save: Path, source: Path, name: str, size: int, have: float) -> bytes:
    """A .torrent whose data is ``have`` (0..1) present in the save path, so the engine's
    check shows that much progress without any peer."""
    source.mkdir(parents=True, exist_ok=True)
    data = os.urandom(size)
    (source / name).write_bytes(data)
    ct = lt.create_torrent(lt.list_files(str(source / name)), 64 * 1024)
    lt.set_piece_hashes(ct, str(source))
    if have > 0:
        keep = int(size * have)
        (save / name).write_bytes(data[:keep] + bytes(size - keep))
    return bytes(lt.bencode(ct.generate()))


def season_pack(
    save: Path, source: Path, name: str, sizes: list[int], have: list[float]
) -> Payload:
    """A folder torrent (one file per episode) with ``have`` of each file already in the
    save path, as the detail page's file table shows it."""
    folder = source / name
    folder.mkdir(parents=True, exist_ok=True)
    (save / name).mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    for number, (size, part) in enumerate(zip(sizes, have, strict=True), start=1):
        rel = f"{name}/{name.replace('.S01.', f'.S01E{number:02d}.')}.mkv"
        data = os.urandom(size)
        (source / rel).write_bytes(data)
        keep = int(size * part)
        (save / rel).write_bytes(data[:keep] + bytes(size - keep))
        files[rel] = data
    ct = lt.create_torrent(lt.list_files(str(folder)), 64 * 1024)
    lt.set_piece_hashes(ct, str(source))
    blob = bytes(lt.bencode(ct.generate()))
    info_hash = str(lt.torrent_info(blob).info_hashes().v1)
    return Payload(name=name, root=source, torrent=blob, info_hash=info_hash, files=files)


def torrent_shot(tmp: Path) -> None:
    with (
        running_service(Role.TORRENT, tmp / "torrent") as svc,
        browser_page(viewport=VIEWPORT) as page,
    ):
        svc.ctx.auth.set_password(PASSWORD)
        engine = svc.ctx.extras["torrent_api"].engine
        save = engine.settings.save_path
        save.mkdir(parents=True, exist_ok=True)
        web = httpx.Client(base_url=svc.url, timeout=30)
        web.post("/login", data={"username": "admin", "password": PASSWORD})
        demos = [
            ("Big.Buck.Bunny.2008.1080p.mkv", 6_000_000, 1.0, "movies", False),
            ("Sintel.2010.2160p.mkv", 8_000_000, 0.62, "movies", False),
            ("Open.Music.Collection.flac", 3_000_000, 0.0, "", True),
        ]
        for name, size, have, category, paused in demos:
            if category and category not in engine.categories():
                engine.create_category(category)
            target = Path(engine.categories()[category].resolved_save_path) if category else save
            target.mkdir(parents=True, exist_ok=True)
            blob = demo_torrent(target, tmp / "src" / name, name, size, have)
            data = {"category": category} | ({"paused": "on"} if paused else {})
            web.post("/torrents/add", data=data, files={"torrents": (f"{name}.torrent", blob)})
        web.post(
            "/torrents/add",
            data={
                "urls": "magnet:?xt=urn:btih:"
                + "c9e15763f722f23e98a29decdfae341b98d53056&dn=Elephants.Dream.2006"
            },
        )
        # a season pack downloading slowly from a real (loopback) peer
        engine.create_category("tv")
        tv = Path(engine.categories()["tv"].resolved_save_path)
        sizes = [3_000_000, 3_000_000, 3_000_000]
        pack = season_pack(tv, tmp / "seed", "Some.Show.S01.720p", sizes, [1.0, 0.4, 0.0])
        seeder = BareSession()
        try:
            seeder.add(pack, pack.root, seed=True)
            data = {"category": "tv", "tags": "hd", "paused": "on"}
            web.post("/torrents/add", data=data, files={"torrents": ("pack.torrent", pack.torrent)})
            engine.set_download_limit([pack.info_hash], 160 * 1024)
            engine.resume([pack.info_hash])
            engine.add_peers([pack.info_hash], [f"127.0.0.1:{seeder.port}"])
            # the engine checks what is on disk (paused torrents are not checked until resumed)
            wait_for(lambda: all(t.progress >= h * 0.9 for t, h in _with_have(engine, demos)))
            wait_for(lambda: engine.get(pack.info_hash, refresh=True).dlspeed > 50_000)
            wait_for(lambda: engine.peers(pack.info_hash))
            sign_in(page, svc.url)
            page.goto(svc.url + "/torrents")
            time.sleep(2.5)  # one poll, so the speeds are current
            page.screenshot(path=str(OUT / "torrent.png"), full_page=True)
            page.goto(f"{svc.url}/torrents/{pack.info_hash}")
            time.sleep(2.5)
            page.screenshot(path=str(OUT / "torrent-detail.png"), full_page=True)
        finally:
            seeder.close()
        page.goto(svc.url + "/preferences")
        page.screenshot(path=str(OUT / "torrent-preferences.png"), full_page=True)


def _with_have(engine: Any, demos: list[tuple[str, int, float, str, bool]]) -> list[Any]:
    haves = {name: have for name, _s, have, _c, paused in demos if not paused}
    torrents = [engine.get(h, refresh=True) for h in engine.hashes()]
    return [(t, haves[t.name]) for t in torrents if t.name in haves]


def release(tmp: Path, name: str, sizes: dict[str, int]) -> Release:
    files = random_files(tmp / "posts" / name, sizes, seed=len(name))
    return build_release(files, name=name, part_size=32 * 1024)


def usenet_shot(tmp: Path) -> None:
    done = release(tmp, "Nature.Documentary.2025.1080p-DEMO", {"nature.mkv": 600_000})
    broken = release(tmp, "Broken.Upload.2024.720p-DEMO", {"broken.mkv": 300_000})
    running = release(tmp, "Ocean.Life.S02E05.1080p-DEMO", {"ocean.mkv": 4_000_000})
    waiting = release(tmp, "Mountain.Trails.S01E01.720p-DEMO", {"trails.mkv": 1_500_000})
    held = release(tmp, "City.Lights.2023.2160p-DEMO", {"city.mkv": 2_500_000})
    articles = {**done.articles, **running.articles, **waiting.articles, **held.articles}
    articles |= {m: b for m, b in broken.articles.items() if m not in broken.data_ids[2:]}
    server = ThreadedNntp(articles, body_delay=0.12)
    service = {
        "servers": [{"name": "demo", "host": "127.0.0.1", "port": server.port, "ssl": False,
                     "connections": 2, "pipelining": 1}],
        "min_free_space_mb": 0,
    }  # fmt: skip
    try:
        with (
            running_service(Role.USENET, tmp / "usenet", service=service) as svc,
            browser_page(viewport=VIEWPORT) as page,
        ):
            svc.ctx.auth.set_password(PASSWORD)
            api = f"{svc.url}/api"

            def add(item: Release, cat: str, priority: int = 0) -> str:
                reply = httpx.post(
                    api,
                    params={"mode": "addfile", "apikey": svc.api_key, "output": "json",
                            "cat": cat, "priority": priority},
                    files={"name": (f"{item.name}.nzb", item.nzb)},
                )  # fmt: skip
                return str(reply.json()["nzo_ids"][0])

            def status(nzo_id: str) -> str:
                return str(svc.ctx.extras["usenet_queue"].status_of(
                    svc.ctx.extras["usenet_queue"].jobs[nzo_id]))  # fmt: skip

            first, second = add(done, "movies"), add(broken, "movies")
            wait_for(lambda: status(first) == "Completed" and status(second) == "Failed", 120)
            current = add(running, "tv")
            add(waiting, "tv")
            add(held, "movies", priority=-2)  # added paused
            manager = svc.ctx.extras["usenet_queue"]

            def halfway() -> bool:
                row = manager.jobs[current]
                return 0.3 < manager.bytes_done(row) / row.bytes < 0.7

            wait_for(halfway, 120)
            sign_in(page, svc.url)
            page.goto(svc.url + "/queue")
            page.locator("details.job-options summary").first.click()
            page.screenshot(path=str(OUT / "usenet.png"), full_page=True)
            page.goto(svc.url + "/servers")
            form = page.locator("section", has_text="Add a server")
            form.get_by_label("Name", exact=True).fill("backup-provider")
            form.get_by_label("Host").fill("127.0.0.1")
            form.get_by_label("Port").fill(str(server.port))
            form.get_by_label("Priority").fill("1")
            form.get_by_label("SSL/TLS").uncheck()
            form.get_by_role("button", name="Test server").click()
            form.locator("output").get_by_text("Connection successful!").wait_for()
            page.screenshot(path=str(OUT / "usenet-servers.png"), full_page=True)
    finally:
        server.stop()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    saved = clear_mediastack_env()
    try:
        with tempfile.TemporaryDirectory(prefix="mediastack-shots-") as raw:
            tmp = Path(raw)
            torrent_shot(tmp)
            usenet_shot(tmp)
    finally:
        os.environ.update(saved)
    for name in SHOTS:
        sys.stdout.write(f"{OUT / name}\n")


if __name__ == "__main__":
    main()
