"""Wanted languages (a profile or custom-format language, when one is set)."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class LanguageWanted:
    """With wanted languages set, a release must carry one; an unknown language is
    taken as the original (most releases say nothing), as the originals do."""

    name = "LanguageWanted"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        wanted = ctx.wanted_languages
        if not wanted:
            return None
        found = {lang for lang in candidate.parsed.languages if lang != "unknown"}
        if not found or found & wanted:
            return None
        names = ", ".join(sorted(lang.title() for lang in found))
        return Rejection(f"Language {names} is not wanted in profile")
