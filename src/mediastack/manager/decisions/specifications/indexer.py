"""Rules about where the release comes from: seeders (torrents), retention (Usenet)."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection
from mediastack.manager.indexers.seeders import minimum_seeders_rejection


class MinimumSeeders:
    """The indexer's minimum seeders (Torznab); an unreported count passes."""

    name = "MinimumSeeders"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        reason = minimum_seeders_rejection(candidate.release, candidate.minimum_seeders)
        return Rejection(reason) if reason else None


class WithinRetention:
    """A Usenet post older than the retention (setting, else the indexer's) is gone."""

    name = "WithinRetention"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if candidate.protocol != "usenet":
            return None
        limits = [d for d in (ctx.retention_days, candidate.indexer_retention_days) if d]
        if not limits:
            return None
        retention = min(limits)
        age_days = candidate.release.age(ctx.now).days
        if age_days > retention:
            return Rejection(f"Older than configured retention: {age_days} > {retention} days")
        return None
