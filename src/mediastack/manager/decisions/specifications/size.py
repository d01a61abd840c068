"""Size limits of the quality definitions, per minute of runtime."""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection
from mediastack.manager.decisions.specifications.base import size_text

MIB = 1024 * 1024


class AcceptableSize:
    """Between the definition's minimum and maximum MB/min for the items' runtime.

    An unknown size or runtime cannot be checked and passes, as in the originals.
    """

    name = "AcceptableSize"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        size = candidate.release.size
        runtime = candidate.runtime_minutes
        definition = ctx.definitions.get(candidate.quality.id)
        if definition is None or not size or runtime <= 0:
            return None
        minimum = definition.min_size * MIB * runtime
        if size < minimum:
            return Rejection(
                f"{size_text(size)} is smaller than minimum allowed {size_text(minimum)} "
                f"(for {runtime:g} minutes of {candidate.quality.name})"
            )
        if definition.max_size is not None:
            maximum = definition.max_size * MIB * runtime
            if size > maximum:
                return Rejection(
                    f"{size_text(size)} is larger than maximum allowed {size_text(maximum)} "
                    f"(for {runtime:g} minutes of {candidate.quality.name})"
                )
        return None
