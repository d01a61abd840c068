"""Release-name parser: typed results from Sonarr/Radarr/Lidarr-style names."""

from mediastack.manager.parser.core import looks_like_junk, parse
from mediastack.manager.parser.model import (
    EpisodeInfo,
    MovieInfo,
    MusicInfo,
    ParsedRelease,
    QualityModel,
    Revision,
)

__all__ = [
    "EpisodeInfo",
    "MovieInfo",
    "MusicInfo",
    "ParsedRelease",
    "QualityModel",
    "Revision",
    "looks_like_junk",
    "parse",
]
