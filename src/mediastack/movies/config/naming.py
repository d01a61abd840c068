"""``config/naming``: Radarr's formats and rules (its v5 defaults).

Radarr speaks the colon rule as a word (``"smart"``); it is stored as the engine's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediastack.manager.naming import ColonReplacement, NamingOptions

DEFAULT_MOVIE = "{Movie Title} ({Release Year}) {Quality Full}"
DEFAULT_FOLDER = "{Movie Title} ({Release Year})"
COLON_WORDS = {
    "delete": ColonReplacement.DELETE,
    "dash": ColonReplacement.DASH,
    "spaceDash": ColonReplacement.SPACE_DASH,
    "spaceDashSpace": ColonReplacement.SPACE_DASH_SPACE,
    "smart": ColonReplacement.SMART,
}
_WORD_OF = {v: k for k, v in COLON_WORDS.items()}
_BY_WORD = {k.lower(): v for k, v in COLON_WORDS.items()}


def colon_rule(value: Any) -> ColonReplacement:
    """``"smart"`` or the number (clients send either)."""
    if isinstance(value, str) and not value.isdigit():
        return _BY_WORD[value.lower()]  # KeyError: not one of Radarr's words
    rule = ColonReplacement(int(value))
    if rule not in _WORD_OF:
        raise ValueError(value)
    return rule


@dataclass(frozen=True, slots=True)
class MovieNamingConfig:
    rename_movies: bool = False
    replace_illegal_characters: bool = True
    colon_replacement_format: ColonReplacement = ColonReplacement.DELETE
    standard_movie_format: str = DEFAULT_MOVIE
    movie_folder_format: str = DEFAULT_FOLDER

    def options(self, truncatable: frozenset[str] = frozenset()) -> NamingOptions:
        return NamingOptions(
            replace_illegal_characters=self.replace_illegal_characters,
            colon_replacement=self.colon_replacement_format,
            truncatable=truncatable,
        )

    def resource(self) -> dict[str, Any]:
        return {
            "renameMovies": self.rename_movies,
            "replaceIllegalCharacters": self.replace_illegal_characters,
            "colonReplacementFormat": _WORD_OF[self.colon_replacement_format],
            "standardMovieFormat": self.standard_movie_format,
            "movieFolderFormat": self.movie_folder_format,
            "id": 1,
        }


FIELDS: dict[str, str] = {
    "renameMovies": "rename_movies",
    "replaceIllegalCharacters": "replace_illegal_characters",
    "colonReplacementFormat": "colon_replacement_format",
    "standardMovieFormat": "standard_movie_format",
    "movieFolderFormat": "movie_folder_format",
}
PARSERS = {"colonReplacementFormat": colon_rule}
