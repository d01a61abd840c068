"""Blocklisted releases (failed before, or removed by the user with blocklist on)."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class NotBlocklisted:
    name = "NotBlocklisted"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        return Rejection("Release is blocklisted") if ctx.blocklisted(candidate) else None
