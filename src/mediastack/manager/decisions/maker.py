"""Run every specification over every candidate (Sonarr's DownloadDecisionMaker).

All rules run, not just until the first rejection, so the interactive search can show the
user every reason at once. A rule that raises is a bug; it is logged and turned into a
rejection rather than taking the whole search down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from mediastack.manager.decisions.model import Candidate, Decision, DecisionContext, Rejection
from mediastack.manager.decisions.rules import DecisionRules
from mediastack.manager.decisions.specifications import Specification, default_specifications

log = logging.getLogger(__name__)


class DecisionMaker:
    """``rules``, when given, sets each candidate's delay profile and release profiles
    from the tags of the item it is for (without it: the context's own)."""

    def __init__(
        self,
        specifications: Sequence[Specification] | None = None,
        rules: DecisionRules | None = None,
    ) -> None:
        self.specifications = list(
            specifications if specifications is not None else default_specifications()
        )
        self.rules = rules

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Decision:
        if self.rules is not None:
            ctx = self.rules.snapshot().apply(candidate, ctx)
        rejections: list[Rejection] = []
        for spec in self.specifications:
            try:
                rejection = spec.evaluate(candidate, ctx)
            except Exception:
                log.exception("specification %s failed on %r", spec.name, candidate.release.title)
                rejection = Rejection(f"Could not evaluate {spec.name}")
            if rejection is not None:
                rejections.append(rejection)
        return Decision(candidate, tuple(rejections), ctx.delay_profile)

    def evaluate_all(self, candidates: Iterable[Candidate], ctx: DecisionContext) -> list[Decision]:
        return [self.evaluate(c, ctx) for c in candidates]
