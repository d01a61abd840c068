"""Protocol and delay rules of the delay profile."""

from __future__ import annotations

from datetime import timedelta

from mediastack.manager.decisions.model import (
    Candidate,
    DecisionContext,
    Rejection,
    RejectionType,
    SearchKind,
)


class ProtocolAllowed:
    """A protocol the delay profile turned off is never grabbed."""

    name = "ProtocolAllowed"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if ctx.delay_profile.allows(candidate.protocol):
            return None
        label = "Usenet" if candidate.protocol == "usenet" else "Torrent"
        return Rejection(f"{label} is disabled for this series")


class DelayElapsed:
    """A release younger than the protocol's delay waits (temporary), unless the user
    picked it (interactive, push), it already is the profile's top quality, or its
    custom-format score reaches the delay profile's bypass score."""

    name = "DelayElapsed"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if ctx.search_kind in (SearchKind.INTERACTIVE, SearchKind.PUSH):
            return None
        delay_profile = ctx.delay_profile
        delay = delay_profile.delay_minutes(candidate.protocol)
        if delay <= 0:
            return None
        if (
            delay_profile.bypass_if_above_custom_format_score
            and candidate.custom_format_score >= delay_profile.minimum_custom_format_score
        ):
            return None
        profile = ctx.profile
        if delay_profile.bypass_if_highest_quality and profile.items:
            top = profile.items[-1].qualities()
            if any(q.id == candidate.quality.id for q in top):
                return None
        age = ctx.now - candidate.release.publish_date
        if age >= timedelta(minutes=delay):
            return None
        left = timedelta(minutes=delay) - age
        return Rejection(
            f"Waiting for better quality release ({int(left.total_seconds() // 60)} min left)",
            RejectionType.TEMPORARY,
        )
