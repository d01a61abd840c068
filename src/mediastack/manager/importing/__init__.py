"""The generic import pipeline: find files, decide with specifications, place them safely.

Sonarr's ``MediaFiles/EpisodeImport`` shape: an :class:`ImportDecisionMaker` runs small
specifications, each accepting a candidate or rejecting it with a reason users read in the
UI; the domain (tv, movies, music) supplies the candidate type and its own specifications.
"""

from mediastack.manager.importing.decisions import (
    ImportDecision,
    ImportDecisionMaker,
    ImportSpecification,
    Rejection,
    RejectionType,
)
from mediastack.manager.importing.discovery import (
    DiscoveredFile,
    Discovery,
    discover,
    is_sample,
    unpacking_reason,
)
from mediastack.manager.importing.model import (
    CompletedDownloadImporter,
    ImportedFile,
    ImportMode,
    ImportResult,
    RejectedFile,
)

__all__ = [
    "CompletedDownloadImporter",
    "DiscoveredFile",
    "Discovery",
    "ImportDecision",
    "ImportDecisionMaker",
    "ImportMode",
    "ImportResult",
    "ImportSpecification",
    "ImportedFile",
    "RejectedFile",
    "Rejection",
    "RejectionType",
    "discover",
    "is_sample",
    "unpacking_reason",
]
