"""Already queued: a download in a client for the same items that is at least as good."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class NotAlreadyQueued:
    """Reject when a queued download overlaps the items and this one would not upgrade it."""

    name = "NotAlreadyQueued"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        wanted = candidate.item_ids
        profile = ctx.profile
        for queued in ctx.queue:
            if not (queued.item_ids & wanted):
                continue
            if profile.cutoff_met(queued.quality, queued.custom_format_score):
                return Rejection(f"Release in queue already meets cutoff: {queued.quality.name}")
            better = profile.is_upgrade(
                queued.quality,
                candidate.quality,
                current_revision=queued.revision,
                candidate_revision=candidate.revision,
                current_score=queued.custom_format_score,
                candidate_score=candidate.custom_format_score,
            )
            if not better:
                return Rejection(
                    f"Release in queue is of equal or higher preference: {queued.quality.name}"
                )
        return None
