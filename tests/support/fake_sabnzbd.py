"""A tiny SABnzbd on loopback, answering in SABnzbd's shapes, for adapter tests.

It keeps added NZBs as queue jobs and lets the test move them along (downloading,
post-processing, completed, failed) so the manager-side adapter can be driven through
add -> queue -> history -> remove against real HTTP, before our own usenet service
implements ``addfile``. Field names and types follow SABnzbd 4.x (see
shared/bench/usenet/README.md): sizes in MB as strings, ``timeleft`` text, priorities by
name, plain-text key errors.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from tests.support.services import free_port

VERSION = "4.5.1"
MB = 1024 * 1024
PRIORITY_NAMES = {-100: "Default", -2: "Paused", -1: "Low", 0: "Normal", 1: "High", 2: "Force"}


@dataclass
class FakeJob:
    nzo_id: str
    name: str
    filename: str
    category: str
    priority: int
    nzb: bytes
    size: int = 700 * MB
    left: int = 700 * MB
    status: str = "Queued"
    fail_message: str = ""
    storage: str = ""
    in_history: bool = False


@dataclass
class AddedFile:
    field_name: str
    filename: str
    content_type: str
    params: dict[str, str]


@dataclass
class FakeSabnzbd:
    api_key: str
    complete_dir: str = "/downloads/usenet"
    categories: tuple[str, ...] = ("tv", "movies", "music")
    jobs: dict[str, FakeJob] = field(default_factory=dict)
    uploads: list[AddedFile] = field(default_factory=list)
    deletes: list[dict[str, str]] = field(default_factory=list)
    paused: bool = False
    url: str = ""

    # ------------------------------------------------------------ test controls

    def start_downloading(self, nzo_id: str, left: int) -> None:
        job = self.jobs[nzo_id]
        job.status, job.left = "Downloading", left

    def post_process(self, nzo_id: str, status: str = "Extracting") -> None:
        job = self.jobs[nzo_id]
        job.in_history, job.status, job.left = True, status, 0

    def complete(self, nzo_id: str) -> str:
        job = self.jobs[nzo_id]
        job.in_history, job.status, job.left = True, "Completed", 0
        job.storage = f"{self.complete_dir}/{job.category}/{job.name}"
        return job.storage

    def fail(self, nzo_id: str, message: str) -> None:
        job = self.jobs[nzo_id]
        job.in_history, job.status, job.left, job.fail_message = True, "Failed", 0, message

    # ------------------------------------------------------------ shapes

    def _queue_slot(self, index: int, job: FakeJob) -> dict[str, Any]:
        seconds = 0 if job.status != "Downloading" else job.left // (10 * MB)
        return {
            "index": index,
            "nzo_id": job.nzo_id,
            "unpackopts": "3",
            "priority": PRIORITY_NAMES.get(job.priority, "Normal"),
            "script": "None",
            "filename": job.name,
            "labels": [],
            "password": "",
            "cat": job.category,
            "mbleft": f"{job.left / MB:.2f}",
            "mb": f"{job.size / MB:.2f}",
            "size": f"{job.size / MB:.1f} MB",
            "sizeleft": f"{job.left / MB:.1f} MB",
            "percentage": str(int(100 * (job.size - job.left) / job.size)),
            "mbmissing": "0.0",
            "direct_unpack": None,
            "status": job.status,
            "timeleft": f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
            "avg_age": "12d",
        }

    def _history_slot(self, job: FakeJob) -> dict[str, Any]:
        return {
            "action_line": "",
            "duplicate_key": job.name.lower(),
            "meta": None,
            "fail_message": job.fail_message,
            "loaded": False,
            "size": f"{job.size / MB:.1f} MB",
            "category": job.category,
            "pp": "D",
            "retry": 0,
            "script": "None",
            "nzb_name": job.filename,
            "download_time": 42,
            "storage": job.storage or None,
            "has_rating": False,
            "status": job.status,
            "script_line": "",
            "completed": int(time.time()),
            "nzo_id": job.nzo_id,
            "downloaded": job.size,
            "report": "",
            "password": "",
            "path": f"{self.complete_dir}/incomplete/{job.name}",
            "postproc_time": 3,
            "name": job.name,
            "url": job.filename,
            "md5sum": "",
            "bytes": job.size,
            "url_info": "",
            "stage_log": [],
        }

    def _config(self) -> dict[str, Any]:
        cats = [{"name": "*", "order": 0, "pp": "3", "script": "None", "dir": "", "priority": 0}]
        cats += [
            {"name": c, "order": i, "pp": "", "script": "Default", "dir": c, "priority": -100}
            for i, c in enumerate(self.categories, start=1)
        ]
        misc = {
            "complete_dir": self.complete_dir,
            "download_dir": f"{self.complete_dir}/incomplete",
            "tv_categories": ["tv"],
            "enable_tv_sorting": 0,
            "movie_categories": ["movies"],
            "enable_movie_sorting": 0,
            "date_categories": ["tv"],
            "enable_date_sorting": 0,
            "pre_check": 0,
            "history_retention": "",
            "history_retention_option": "all",
            "history_retention_number": 0,
        }
        return {"config": {"misc": misc, "categories": cats, "servers": [], "sorters": []}}

    # ------------------------------------------------------------ the API

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.api_route("/api", methods=["GET", "POST"])
        async def api(request: Request) -> Response:
            params = dict(request.query_params)
            mode = params.get("mode", "")
            if mode == "version":
                return JSONResponse({"version": VERSION})
            key = params.get("apikey")
            if not key:
                return PlainTextResponse("API Key Required")
            if key != self.api_key:
                return PlainTextResponse("API Key Incorrect")
            if mode == "get_config":
                return JSONResponse(self._config())
            if mode == "fullstatus":
                return JSONResponse({"status": {"completedir": self.complete_dir}})
            if mode == "addfile":
                return await self._addfile(request, params)
            if mode in ("queue", "history"):
                return self._list_or_delete(mode, params)
            return JSONResponse({"status": False, "error": "not implemented"})

        return app

    async def _addfile(self, request: Request, params: dict[str, str]) -> Response:
        form = await request.form()
        upload = form.get("name")
        if upload is None or isinstance(upload, str):
            return JSONResponse({"status": False, "nzo_ids": []})
        content = await upload.read()
        filename = upload.filename or "upload.nzb"
        self.uploads.append(AddedFile("name", filename, upload.content_type or "", dict(params)))
        category = params.get("cat") or "*"
        if category not in self.categories:
            category = "*"
        nzo_id = f"SABnzbd_nzo_{secrets.token_hex(4)}"
        name = filename.removesuffix(".nzb")
        self.jobs[nzo_id] = FakeJob(
            nzo_id, name, filename, category, int(params.get("priority", -100)), content
        )
        return JSONResponse({"status": True, "nzo_ids": [nzo_id]})

    def _list_or_delete(self, mode: str, params: dict[str, str]) -> Response:
        in_history = mode == "history"
        if params.get("name") == "delete":
            self.deletes.append({"mode": mode, **params})
            job = self.jobs.get(params.get("value", ""))
            if job is not None and job.in_history == in_history:
                del self.jobs[job.nzo_id]
            return JSONResponse({"status": True, "nzo_ids": [params.get("value")]})
        wanted = params.get("category")
        jobs = [
            j
            for j in self.jobs.values()
            if j.in_history == in_history and (not wanted or j.category == wanted)
        ]
        if in_history:
            limit = int(params.get("limit") or 0)
            slots = [self._history_slot(j) for j in reversed(jobs)]
            slots = slots[:limit] if limit else slots
            return JSONResponse({"history": {"noofslots": len(slots), "slots": slots}})
        slots = [self._queue_slot(i, j) for i, j in enumerate(jobs)]
        return JSONResponse(
            {"queue": {"version": VERSION, "paused": self.paused, "status": "Idle", "slots": slots}}
        )


@contextmanager
def running_fake_sabnzbd(api_key: str | None = None) -> Iterator[FakeSabnzbd]:
    """Serve a ``FakeSabnzbd`` on a free loopback port for the duration of the block."""
    fake = FakeSabnzbd(api_key=api_key or secrets.token_hex(16))
    port = free_port()
    config = uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fake-sabnzbd", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("fake SABnzbd did not start")
        time.sleep(0.02)
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
