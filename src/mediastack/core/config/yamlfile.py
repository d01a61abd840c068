"""Reading and updating config.yaml without ever leaving it half written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mediastack.core.fs import atomic_write


class ConfigFileError(ValueError):
    """config.yaml exists but is not a YAML mapping."""


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigFileError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping at the top level")
    return data


def update_yaml(path: Path, section: str, values: dict[str, Any]) -> None:
    """Merge ``values`` into one section of config.yaml, keeping everything else as it was.

    The file may hold secrets (API key, password hash, session key), so it is private to the
    service's user.
    """
    data = read_yaml(path)
    current = data.get(section)
    merged = dict(current) if isinstance(current, dict) else {}
    merged.update(values)
    data[section] = merged
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, yaml.safe_dump(data, sort_keys=False).encode("utf-8"))
    path.chmod(0o600)
