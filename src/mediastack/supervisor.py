"""`mediastack up`: the five services as child processes under one supervisor.

Children are ordinary `mediastack serve ROLE` processes, the same as one pod each on
Kubernetes. The supervisor restarts a child that dies (with back-off), shows a live status,
and on Ctrl-C or SIGTERM stops every child, so nothing is left running. Each child also
asks the kernel to end it if the supervisor itself is killed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
from rich.console import Console
from rich.live import Live
from rich.table import Table

from mediastack.core.roles import ROLE_FACTS, Role
from mediastack.stack import StackLayout

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


@dataclass
class Child:
    role: Role
    port: int
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    state: str = "starting"
    next_start: float = 0.0
    backoff: float = 1.0
    log: IO[bytes] | None = field(default=None, repr=False)


class Supervisor:
    def __init__(self, layout: StackLayout, console: Console | None = None) -> None:
        self.layout = layout
        self.console = console or Console()
        self.children = [Child(role, layout.ports[role]) for role in Role]
        self._stopping = threading.Event()

    def _env(self, child: Child) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "MEDIASTACK_PATHS__DATA_ROOT": str(self.layout.data_root),
                "MEDIASTACK_HTTP__HOST": self.layout.host,
                "MEDIASTACK_HTTP__PORT": str(child.port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def _start(self, child: Child) -> None:
        log_dir = self.layout.data_root / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        if child.log is None:
            child.log = (log_dir / f"{child.role.value}.out").open("ab")
        child.process = subprocess.Popen(
            [sys.executable, "-m", "mediastack", "serve", child.role.value],
            env=self._env(child),
            stdout=child.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        child.state = "starting"

    def _healthy(self, child: Child) -> bool:
        try:
            response = httpx.get(f"http://127.0.0.1:{child.port}/healthz", timeout=1.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def _check(self, child: Child) -> None:
        now = time.monotonic()
        if child.process is None:
            if now >= child.next_start:
                self._start(child)
            return
        code = child.process.poll()
        if code is None:
            if self._healthy(child):
                child.state = "up"
                child.backoff = 1.0
            return
        child.state = f"exited ({code}), restarting"
        child.process = None
        child.restarts += 1
        child.next_start = now + child.backoff
        child.backoff = min(child.backoff * 2, 30.0)

    def _table(self) -> Table:
        table = Table(title="mediastack")
        for column in ("service", "stands in for", "url", "pid", "state", "restarts"):
            table.add_column(column)
        for child in self.children:
            pid = str(child.process.pid) if child.process else "-"
            table.add_row(
                child.role.value,
                ROLE_FACTS[child.role].stands_in_for,
                self.layout.url(child.role),
                pid,
                child.state,
                str(child.restarts),
            )
        return table

    def stop(self) -> None:
        self._stopping.set()

    def _shutdown(self, grace_seconds: float = 15.0) -> None:
        running = [c for c in self.children if c.process and c.process.poll() is None]
        for child in running:
            assert child.process is not None
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        for child in self.children:
            if child.log is not None:
                child.log.close()

    def run(self, live: bool) -> int:
        previous = {
            sig: signal.signal(sig, lambda *_: self.stop())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            for child in self.children:
                self._start(child)
            if live:
                with Live(self._table(), console=self.console, refresh_per_second=2) as view:
                    while not self._stopping.wait(1.0):
                        for child in self.children:
                            self._check(child)
                        view.update(self._table())
            else:
                reported: dict[Role, str] = {}
                while not self._stopping.wait(1.0):
                    for child in self.children:
                        self._check(child)
                        if reported.get(child.role) != child.state:
                            reported[child.role] = child.state
                            self.console.print(f"{child.role.value}: {child.state}")
        finally:
            self.console.print("stopping all services ...")
            self._shutdown()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0


def print_banner(
    console: Console, layout: StackLayout, creds: dict[str, dict[str, object]]
) -> None:
    console.print(f"[bold]mediastack[/bold] on {layout.data_root}")
    for role in Role:
        entry = creds[role.value]
        secret = (
            f"user {entry['username']} / password {entry['password']}"
            if role is Role.TORRENT
            else f"API key {entry['api_key']}"
        )
        console.print(f"  {role.value:8} {entry['url']:28} {secret}", soft_wrap=True)
    console.print(f"  web login for every service: {layout.username} / {layout.password}")
    console.print("  `mediastack credentials` prints these as JSON. Ctrl-C stops everything.")


def data_path(value: str) -> Path:
    return Path(value).expanduser()
