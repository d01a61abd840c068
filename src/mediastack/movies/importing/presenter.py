"""Radarr's keys of a manual-import item: the movie."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.movies.api.resources import movie_resource
from mediastack.movies.grab.presenter import NAMES
from mediastack.movies.importing.domain import MovieImportCandidate


class MovieImportPresenter:
    names = NAMES

    def __init__(self, url_base: str) -> None:
        self.url_base = url_base

    def candidate_fields(self, candidate: MovieImportCandidate) -> dict[str, Any]:
        movie = candidate.subject
        out: dict[str, Any] = {
            "movieFileId": None,
            "edition": str(candidate.extra.get("edition") or ""),
        }
        if movie is not None:
            out["movie"] = movie_resource(movie, self.url_base)
        return out

    def wanted(self, candidate: MovieImportCandidate, params: Mapping[str, str]) -> bool:
        return True
