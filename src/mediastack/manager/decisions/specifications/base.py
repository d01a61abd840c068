"""The shape every rule has: look at one candidate, answer None (fine) or a rejection."""

from __future__ import annotations

from typing import Protocol

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class Specification(Protocol):
    """One rule. ``evaluate`` must not raise for any candidate and must be cheap."""

    name: str

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None: ...


def size_text(size: int | float) -> str:
    """Sizes in reasons the way the originals print them (``1.4 GiB``)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.1f} TiB"  # pragma: no cover - loop always returns
