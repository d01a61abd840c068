"""Mapping rules: the release must be about something in the library that was asked for."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class MappedToItems:
    name = "MappedToItems"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        return None if candidate.items else Rejection("Unknown episode or not in the library")


class ItemRequested:
    """In a search, only releases that contain something searched for are grabbed."""

    name = "ItemRequested"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if not candidate.items or candidate.requested:
            return None
        return Rejection("Episode wasn't requested")
