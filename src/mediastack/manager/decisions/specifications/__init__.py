"""The decision rules, one class each; ``default_specifications`` is the standard set."""

from __future__ import annotations

from mediastack.manager.decisions.specifications.base import Specification
from mediastack.manager.decisions.specifications.blocklist import NotBlocklisted
from mediastack.manager.decisions.specifications.custom_formats import CustomFormatMinimumScore
from mediastack.manager.decisions.specifications.delay import DelayElapsed, ProtocolAllowed
from mediastack.manager.decisions.specifications.indexer import MinimumSeeders, WithinRetention
from mediastack.manager.decisions.specifications.language import LanguageWanted
from mediastack.manager.decisions.specifications.quality import (
    KnownQuality,
    NotSample,
    QualityAllowedByProfile,
)
from mediastack.manager.decisions.specifications.queue import NotAlreadyQueued
from mediastack.manager.decisions.specifications.release_profile import ReleaseProfileAllowed
from mediastack.manager.decisions.specifications.requested import ItemRequested, MappedToItems
from mediastack.manager.decisions.specifications.size import AcceptableSize
from mediastack.manager.decisions.specifications.upgrade import (
    CutoffNotMet,
    IsUpgrade,
    UpgradeAllowed,
)

__all__ = [
    "AcceptableSize",
    "CustomFormatMinimumScore",
    "CutoffNotMet",
    "DelayElapsed",
    "IsUpgrade",
    "ItemRequested",
    "KnownQuality",
    "LanguageWanted",
    "MappedToItems",
    "MinimumSeeders",
    "NotAlreadyQueued",
    "NotBlocklisted",
    "NotSample",
    "ProtocolAllowed",
    "QualityAllowedByProfile",
    "ReleaseProfileAllowed",
    "Specification",
    "UpgradeAllowed",
    "WithinRetention",
    "default_specifications",
]


def default_specifications() -> list[Specification]:
    """Every rule, in the order their reasons are listed to the user."""
    return [
        MappedToItems(),
        ItemRequested(),
        KnownQuality(),
        QualityAllowedByProfile(),
        CustomFormatMinimumScore(),
        AcceptableSize(),
        NotSample(),
        LanguageWanted(),
        ReleaseProfileAllowed(),
        UpgradeAllowed(),
        CutoffNotMet(),
        IsUpgrade(),
        NotAlreadyQueued(),
        NotBlocklisted(),
        ProtocolAllowed(),
        MinimumSeeders(),
        WithinRetention(),
        DelayElapsed(),
    ]
