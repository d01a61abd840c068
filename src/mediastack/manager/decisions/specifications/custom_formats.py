"""The profile's minimum custom-format score."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class CustomFormatMinimumScore:
    name = "CustomFormatMinimumScore"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        minimum = ctx.profile.min_format_score
        if candidate.custom_format_score >= minimum:
            return None
        names = ", ".join(cf.name for cf in candidate.custom_formats) or "none"
        return Rejection(
            f"Custom formats {names} have score {candidate.custom_format_score} "
            f"below the quality profile's minimum {minimum}"
        )
