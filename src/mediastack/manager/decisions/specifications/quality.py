"""Quality rules: wanted by the profile, not unknown, not a sample."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection

SAMPLE_MAX_BYTES = 70 * 1024 * 1024  # the originals' "a 'sample' under 70 MB is a sample"


class QualityAllowedByProfile:
    """The profile lists the quality and allows it (Sonarr's QualityAllowedByProfile)."""

    name = "QualityAllowedByProfile"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if ctx.profile.allows(candidate.quality):
            return None
        return Rejection(f"Quality {candidate.quality.name} is not wanted in profile")


class KnownQuality:
    """A name with no recognisable quality cannot be judged against a profile."""

    name = "KnownQuality"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if candidate.quality.id != 0:
            return None
        return Rejection("Quality is unknown")


class NotSample:
    """Sample clips (a few MB of the episode) are never what the user wants."""

    name = "NotSample"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        size = candidate.release.size
        is_sample = "sample" in candidate.release.title.lower()
        if is_sample and size is not None and size < SAMPLE_MAX_BYTES:
            return Rejection("Sample")
        return None
