"""Rules against what is already on disk: upgrades allowed, cutoff met, really better.

A release for several items (a season pack) must be acceptable for *every* item that
already has a file, as in the originals: replacing one good file with a worse one to fill
a gap next to it is not an upgrade.
"""

from __future__ import annotations

from mediastack.manager.decisions.model import Candidate, DecisionContext, Rejection


class UpgradeAllowed:
    """A profile with upgrades off never replaces an existing file."""

    name = "UpgradeAllowed"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        if ctx.profile.upgrade_allowed:
            return None
        for item in candidate.items:
            if item.existing is not None:
                return Rejection(
                    f"Existing file on disk for {item.label} and the quality profile "
                    "does not allow upgrades"
                )
        return None


class CutoffNotMet:
    """Nothing more is sought once an item's file meets the profile's cutoff."""

    name = "CutoffNotMet"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        profile = ctx.profile
        for item in candidate.items:
            existing = item.existing
            if existing is None:
                continue
            if profile.cutoff_met(existing.quality, existing.custom_format_score):
                # A PROPER/REPACK of the very same quality is still taken, as the originals do.
                same = profile.compare(candidate.quality, existing.quality) == 0
                newer = (candidate.revision.version, candidate.revision.real) > (
                    existing.revision.version,
                    existing.revision.real,
                )
                if not (same and newer):
                    return Rejection(
                        f"Existing file on disk for {item.label} meets quality cutoff: "
                        f"{existing.quality.name}"
                    )
        return None


class IsUpgrade:
    """Better than the file on disk: quality, then revision, then custom-format score."""

    name = "IsUpgrade"

    def evaluate(self, candidate: Candidate, ctx: DecisionContext) -> Rejection | None:
        profile = ctx.profile
        if not profile.upgrade_allowed:
            return None  # UpgradeAllowed says why
        for item in candidate.items:
            existing = item.existing
            if existing is None:
                continue
            if profile.cutoff_met(existing.quality, existing.custom_format_score):
                continue  # CutoffNotMet says why (or lets a PROPER through)
            if not profile.is_upgrade(
                existing.quality,
                candidate.quality,
                current_revision=existing.revision,
                candidate_revision=candidate.revision,
                current_score=existing.custom_format_score,
                candidate_score=candidate.custom_format_score,
            ):
                return Rejection(
                    f"Existing file on disk for {item.label} is of equal or higher "
                    f"preference: {existing.quality.name}"
                )
        return None
