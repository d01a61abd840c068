"""Release profiles: required and ignored terms in the release title."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection
from mediastack.manager.decisions.release_profiles import TermError, matching_terms


class ReleaseProfileAllowed:
    """Every applicable profile with required terms needs one of them in the title; no
    applicable profile's ignored term may be in it (Sonarr's ReleaseRestrictions)."""

    name = "ReleaseProfileAllowed"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        title = candidate.release.title
        indexer = candidate.release.indexer_id
        profiles = [p for p in ctx.release_profiles if p.applies_to_indexer(indexer)]
        try:
            for profile in profiles:
                if profile.required and not matching_terms(profile.required, title):
                    terms = ", ".join(profile.required)
                    return Rejection(f"Does not contain one of the required terms: {terms}")
            for profile in profiles:
                found = matching_terms(profile.ignored, title)
                if found:
                    return Rejection(f"Contains these ignored terms: {', '.join(found)}")
        except TermError as exc:
            return Rejection(f"Release profile term cannot be used: {exc}")
        return None
