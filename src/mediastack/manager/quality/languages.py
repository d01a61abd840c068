"""Languages as each original numbers them, tied to the parser's language keys.

The parser names languages with lower-case keys (``"portuguese brazil"``); the APIs
speak ids and display names, and the ids are *not* shared between the apps: Sonarr v4
numbers Arabic 26 and Hindi 27, Radarr numbers Hindi 26 and Arabic 31, Lidarr keeps
Radarr's ids up to Arabic. Custom-format language conditions (TRaSH guides ship one
file per app for this reason) carry these ids, so one table holds all three columns
and every lookup goes through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AppName = Literal["sonarr", "radarr", "lidarr"]


@dataclass(frozen=True, slots=True)
class Language:
    """One language of an app: its id there, its display name and the parser's key."""

    id: int
    name: str
    key: str


# (parser key, display name, Sonarr v4 id, Radarr id, Lidarr id); None: the app lacks it.
# Ids read from each original's Languages/Language.cs.
_TABLE: tuple[tuple[str, str, int | None, int | None, int | None], ...] = (
    ("unknown", "Unknown", 0, 0, 0),
    ("english", "English", 1, 1, 1),
    ("french", "French", 2, 2, 2),
    ("spanish", "Spanish", 3, 3, 3),
    ("german", "German", 4, 4, 4),
    ("italian", "Italian", 5, 5, 5),
    ("danish", "Danish", 6, 6, 6),
    ("dutch", "Dutch", 7, 7, 7),
    ("japanese", "Japanese", 8, 8, 8),
    ("icelandic", "Icelandic", 9, 9, 9),
    ("chinese", "Chinese", 10, 10, 10),
    ("russian", "Russian", 11, 11, 11),
    ("polish", "Polish", 12, 12, 12),
    ("vietnamese", "Vietnamese", 13, 13, 13),
    ("swedish", "Swedish", 14, 14, 14),
    ("norwegian", "Norwegian", 15, 15, 15),
    ("finnish", "Finnish", 16, 16, 16),
    ("turkish", "Turkish", 17, 17, 17),
    ("portuguese", "Portuguese", 18, 18, 18),
    ("flemish", "Flemish", 19, 19, 19),
    ("greek", "Greek", 20, 20, 20),
    ("korean", "Korean", 21, 21, 21),
    ("hungarian", "Hungarian", 22, 22, 22),
    ("hebrew", "Hebrew", 23, 23, 23),
    ("lithuanian", "Lithuanian", 24, 24, 24),
    ("czech", "Czech", 25, 25, 25),
    ("hindi", "Hindi", 27, 26, 26),
    ("romanian", "Romanian", 35, 27, 27),
    ("thai", "Thai", 32, 28, 28),
    ("bulgarian", "Bulgarian", 28, 29, 29),
    ("portuguese brazil", "Portuguese (Brazil)", 33, 30, 30),
    ("arabic", "Arabic", 26, 31, 31),
    ("ukrainian", "Ukrainian", 30, 32, None),
    ("persian", "Persian", 37, 33, None),
    ("bengali", "Bengali", None, 34, None),
    ("slovak", "Slovak", 31, 35, None),
    ("latvian", "Latvian", 36, 36, None),
    ("spanish latino", "Spanish (Latino)", 34, 37, None),
    ("catalan", "Catalan", 38, 38, None),
    ("croatian", "Croatian", 39, 39, None),
    ("serbian", "Serbian", 40, 40, None),
    ("bosnian", "Bosnian", 41, 41, None),
    ("estonian", "Estonian", 42, 42, None),
    ("tamil", "Tamil", 43, 43, None),
    ("indonesian", "Indonesian", 44, 44, None),
    ("telugu", "Telugu", None, 45, None),
    ("macedonian", "Macedonian", 45, 46, None),
    ("slovenian", "Slovenian", 46, 47, None),
    ("malayalam", "Malayalam", 29, 48, None),
    ("kannada", "Kannada", None, 49, None),
    ("albanian", "Albanian", None, 50, None),
    ("afrikaans", "Afrikaans", None, 51, None),
    ("marathi", "Marathi", None, 52, None),
    ("tagalog", "Tagalog", None, 53, None),
    ("urdu", "Urdu", 50, 54, None),
    ("romansh", "Romansh", 51, 55, None),
    ("mongolian", "Mongolian", None, 56, None),
    ("georgian", "Georgian", 52, 57, None),
    ("azerbaijani", "Azerbaijani", 47, None, None),
    ("uzbek", "Uzbek", 48, None, None),
    ("malay", "Malay", 49, None, None),
    ("any", "Any", None, -1, -1),
    ("original", "Original", -2, -2, -2),
)

_COLUMN: dict[AppName, int] = {"sonarr": 2, "radarr": 3, "lidarr": 4}


def _build(app: AppName) -> tuple[Language, ...]:
    column = _COLUMN[app]
    out = []
    for row in _TABLE:
        lang_id = row[column]
        if isinstance(lang_id, int):
            out.append(Language(lang_id, row[1], row[0]))
    return tuple(out)


_LANGUAGES: dict[AppName, tuple[Language, ...]] = {app: _build(app) for app in _COLUMN}


def languages(app: AppName) -> tuple[Language, ...]:
    """Every language of ``app`` in its source order (Unknown first)."""
    return _LANGUAGES[app]


def api_order(app: AppName) -> list[Language]:
    """The order of ``GET language``: Unknown and the pseudo-languages, then by name."""
    return sorted(_LANGUAGES[app], key=lambda lang: (lang.id > 0, lang.name))


def by_id(app: AppName, language_id: int) -> Language | None:
    """The language with ``language_id`` in ``app``, or None."""
    for lang in _LANGUAGES[app]:
        if lang.id == language_id:
            return lang
    return None


def by_key(app: AppName, key: str) -> Language | None:
    """The language the parser calls ``key`` (``"french"``), or None if ``app`` lacks it."""
    wanted = key.strip().lower()
    for lang in _LANGUAGES[app]:
        if lang.key == wanted:
            return lang
    return None
