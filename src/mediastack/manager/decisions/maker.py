"""Run every specification over every candidate (Sonarr's DownloadDecisionMaker).

All rules run, not just until the first rejection, so the interactive search can show the
user every reason at once. A rule that raises is a bug; it is logged and turned into a
rejection rather than taking the whole search down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from mediastack.manager.decisions.model import Candidate, Decision, DecisionContext, Rejection
from mediastack.manager.decisions.specifications import Specification, default_specifications

log = logging.getLogger(__name__)


class DecisionMaker:
    def __init__(self, specifications: Sequence[Specification] | None = None) -> None:
        self.specifications = list(
            specifications if specifications is not None else default_specifications()
        )

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Decision:
        rejections: list[Rejection] = []
        for spec in self.specifications:
            try:
                rejection = spec.evaluate(candidate, ctx)
            except Exception:
                log.exception("specification %s failed on %r", spec.name, candidate.release.title)
                rejection = Rejection(f"Could not evaluate {spec.name}")
            if rejection is not None:
                rejections.append(rejection)
        return Decision(candidate, tuple(rejections))

    def evaluate_all(self, candidates: Iterable[Candidate], ctx: DecisionContext) -> list[Decision]:
        return [self.evaluate(c, ctx) for c in candidates]
