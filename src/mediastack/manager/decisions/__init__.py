"""The decision engine: small rules that accept or reject a release, with reasons.

Generic over media kinds: the TV, movie and music domains build ``Candidate`` values from
their library and hand them to ``DecisionMaker``; ``prioritize`` and ``pick_grabs`` choose
among the accepted ones.
"""

from mediastack.manager.decisions.delay import DelayProfile, default_delay_profile
from mediastack.manager.decisions.maker import DecisionMaker
from mediastack.manager.decisions.model import (
    Candidate,
    Decision,
    DecisionContext,
    ExistingFile,
    QueuedDownload,
    Rejection,
    RejectionType,
    SearchKind,
    WantedItem,
)
from mediastack.manager.decisions.prioritize import pick_grabs, prioritize

__all__ = [
    "Candidate",
    "Decision",
    "DecisionContext",
    "DecisionMaker",
    "DelayProfile",
    "ExistingFile",
    "QueuedDownload",
    "Rejection",
    "RejectionType",
    "SearchKind",
    "WantedItem",
    "default_delay_profile",
    "pick_grabs",
    "prioritize",
]
