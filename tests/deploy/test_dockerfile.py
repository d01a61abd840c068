"""The image recipe, replayed where no Docker engine exists, so that it cannot rot.

deploy/Dockerfile is parsed; its build stage's RUN steps (`python -m venv`, `pip install`)
run for real in a fresh virtual environment, with every absolute path of the image moved
under a temporary root and the COPY steps done by copying from the repository. Then a role
is served from that environment, and the image's HEALTHCHECK command (exec form, standard
library only) must pass against it, and fail against a port where nothing answers.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO

pytestmark = pytest.mark.deploy

DOCKERFILE = REPO / "deploy" / "Dockerfile"
ENTRYPOINT = REPO / "deploy" / "entrypoint.sh"


@dataclass
class Instruction:
    op: str
    args: str


def parse(path: Path) -> list[list[Instruction]]:
    """Dockerfile instructions, by stage; continuation lines joined, comments dropped."""
    stages: list[list[Instruction]] = []
    logical = ""
    for line in path.read_text().splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            logical += line.rstrip()[:-1] + " "
            continue
        logical += line
        op, _, args = logical.strip().partition(" ")
        logical = ""
        if op.upper() == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(Instruction(op.upper(), args.strip()))
    return stages


def args_of(stage: list[Instruction], op: str) -> list[str]:
    return [i.args for i in stage if i.op == op]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dockerfile_shape() -> None:
    stages = parse(DOCKERFILE)
    assert len(stages) == 2
    build, runtime = stages
    base = re.sub(r"\$\{PYTHON_IMAGE\}", "", runtime[0].args)
    arg = next(
        line for line in DOCKERFILE.read_text().splitlines() if line.startswith("ARG PYTHON_IMAGE=")
    )
    assert re.fullmatch(r"ARG PYTHON_IMAGE=python:3\.11-slim-\w+", arg)
    assert base.strip() == "" and build[0].args.startswith("${PYTHON_IMAGE}")
    apt = " ".join(a for a in args_of(runtime, "RUN") if "apt-get install" in a)
    for package in ("par2", "p7zip-full", "unar"):
        assert re.search(rf"\b{package}\b", apt), f"{package} not installed"
    env = " ".join(args_of(runtime, "ENV"))
    assert "MEDIASTACK_PATHS__DATA_ROOT=/ " in env + " "
    assert json.loads(args_of(runtime, "ENTRYPOINT")[0]) == ["mediastack-entrypoint"]
    assert json.loads(args_of(runtime, "CMD")[0]) == ["tv"]
    assert any(
        "deploy/entrypoint.sh /usr/local/bin/mediastack-entrypoint" in a
        for a in args_of(runtime, "COPY")
    )
    # The venv keeps its build-stage path (its scripts name their interpreter by it).
    assert "--from=build /opt/mediastack /opt/mediastack" in args_of(runtime, "COPY")
    # A non-root user exists for the entrypoint to drop to.
    assert any("useradd" in a and "mediastack" in a for a in args_of(runtime, "RUN"))


def _replay_build_stage(root: Path) -> Path:
    """Run the build stage under ``root``; return the venv it made."""
    build = parse(DOCKERFILE)[0]
    venv: Path | None = None

    def moved(token: str) -> str:
        return str(root / token.lstrip("/")) if token.startswith("/") else token

    for step in build[1:]:
        if step.op == "COPY":
            *sources, dest = shlex.split(step.args)
            target = root / dest.lstrip("/")
            for source in sources:
                origin = REPO / source
                if origin.is_dir():
                    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target / origin.name)
        elif step.op == "RUN":
            argv = shlex.split(step.args)
            if argv[:3] == ["python", "-m", "venv"]:
                venv = Path(moved(argv[3]))
                argv = [sys.executable, "-m", "venv", str(venv)]
            elif len(argv) > 2 and argv[0].endswith("/bin/pip") and argv[1] == "install":
                argv = [moved(a) for a in argv]
            else:
                pytest.fail(f"the build stage has a RUN step this test cannot replay: {step.args}")
            subprocess.run(argv, check=True, capture_output=True, timeout=900)
        else:
            pytest.fail(f"unexpected build-stage instruction {step.op}")
    assert venv is not None, "the build stage makes no venv"
    return venv


def _healthcheck_argv(python: Path) -> list[str]:
    (healthcheck,) = args_of(parse(DOCKERFILE)[1], "HEALTHCHECK")
    argv = json.loads(healthcheck[healthcheck.index("CMD") + 3 :])
    assert argv[0] == "python", "the health check uses the image's python (standard library)"
    return [str(python), *argv[1:]]


@pytest.fixture
def image_root() -> Iterator[Path]:
    """A temporary root the unprivileged user can read (pytest's tmp_path is 0700)."""
    root = Path(tempfile.mkdtemp(prefix="mediastack-image-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_image_recipe_installs_and_serves(image_root: Path) -> None:
    venv = _replay_build_stage(image_root / "image")
    data, port = image_root / "data", free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIASTACK_", "DATABASE_URL"))}
    # The venv stands alone: nothing of this checkout on its path.
    env |= {
        "MEDIASTACK_PATHS__DATA_ROOT": str(data),
        "MEDIASTACK_HTTP__PORT": str(port),
        "PYTHONPATH": "",
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # What the entrypoint runs for the container argument `usenet`.
    server = subprocess.Popen(
        [str(venv / "bin" / "mediastack"), "serve", "usenet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=image_root,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert json.loads(r.read()) == {"status": "ok"}
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"the service did not answer /healthz:\n{output}")
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
            assert r.status == 200
        assert (data / "config" / "sabnzbd").is_dir()
        check = _healthcheck_argv(venv / "bin" / "python")
        assert subprocess.run(check, env=env, timeout=30, check=False).returncode == 0
        env_down = env | {"MEDIASTACK_HTTP__PORT": str(free_port())}
        assert subprocess.run(check, env=env_down, timeout=30, check=False).returncode != 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _as_unprivileged(argv: list[str]) -> list[str]:
    return [*NOBODY, *argv] if os.geteuid() == 0 else argv


def test_entrypoint_serves_a_role_and_runs_other_commands(image_root: Path) -> None:
    """Started non-root (a pod with runAsUser): a role becomes `mediastack serve <role>`,
    anything else runs as given."""
    fake = image_root / "bin"
    fake.mkdir()
    (fake / "mediastack").write_text('#!/bin/sh\necho "mediastack $*"\n')
    (fake / "mediastack").chmod(0o755)
    env = os.environ | {"PATH": f"{fake}:/usr/bin:/bin"}
    for argv, expected in (
        (["usenet"], "mediastack serve usenet\n"),
        (["tv"], "mediastack serve tv\n"),
        (["mediastack", "credentials"], "mediastack credentials\n"),
        (["echo", "hello"], "hello\n"),
    ):
        ran = subprocess.run(
            _as_unprivileged(["sh", str(ENTRYPOINT), *argv]),
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert (ran.returncode, ran.stdout) == (0, expected), ran.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="the entrypoint's root path needs root")
def test_entrypoint_refuses_root_or_garbage_ids() -> None:
    for puid in ("0", "abc"):
        refused = subprocess.run(
            ["sh", str(ENTRYPOINT), "echo", "hello"],
            env=os.environ | {"PUID": puid},
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert refused.returncode == 64 and refused.stdout == ""
