"""The quality model: catalogues, size limits, profiles and custom formats."""

from mediastack.manager.quality.custom_formats import (
    CustomFormat,
    ReleaseFacts,
    Spec,
    Specification,
    format_matches,
    format_score,
    matching_formats,
)
from mediastack.manager.quality.definitions import (
    Quality,
    QualityDefinition,
    by_id,
    by_name,
    catalogue,
    default_definitions,
)
from mediastack.manager.quality.profiles import ProfileItem, QualityProfile, simple_profile

__all__ = [
    "CustomFormat",
    "ProfileItem",
    "Quality",
    "QualityDefinition",
    "QualityProfile",
    "ReleaseFacts",
    "Spec",
    "Specification",
    "by_id",
    "by_name",
    "catalogue",
    "default_definitions",
    "format_matches",
    "format_score",
    "matching_formats",
    "simple_profile",
]
