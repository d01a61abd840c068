"""Rendering ``{Token}`` templates the way Sonarr, Radarr and Lidarr do.

Why a faithful copy of the originals' rules rather than ``str.format``: users paste the
formats from TRaSH guides and Recyclarr pushes them through ``config/naming``; the same
string must produce the same file name here as there. The rules, in the originals' order:

* ``{{`` and ``}}`` are literal braces.
* ``{prefix Token Name:format suffix}``: ``prefix`` is any run of ``- ._[(``, ``suffix`` any
  run of ``- ._)]``; both are dropped with the value when the value is empty
  (``{-Release Group}`` disappears without a group).
* The token name is matched ignoring case and separators (``{Series.Title}``,
  ``{series_title}`` and ``{Series Title}`` are one token); the separator used in the
  template replaces the spaces of the value (``{Series.Title}`` -> ``The.Title``).
* An all-lowercase token lowercases its value, an all-uppercase one uppercases it.
* Each value is cleaned of characters no file system accepts (``:`` by the colon rule).
* Repeated separators collapse (``a..b`` -> ``a.b``) and trailing separators are trimmed,
  so empty optional tokens leave no debris.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from mediastack.core.fs import safe_name

__all__ = [
    "ColonReplacement",
    "NamingOptions",
    "TokenHandler",
    "TokenMatch",
    "clean_file_name",
    "clean_title",
    "pad_number",
    "render",
    "title_the",
    "title_year",
    "token_key",
    "truncate_text",
]

_TOKEN_RE = re.compile(
    r"(?P<escaped>\{\{|\}\})"
    r"|\{(?P<prefix>[- ._\[(]*)"
    r"(?P<token>[a-z0-9]+(?:(?P<separator>[- ._]+)[a-z0-9]+)*)"
    r"(?::(?P<format>[ ,a-z0-9+-]+(?<![- ])))?"
    r"(?P<suffix>[- ._)\]]*)\}",
    re.IGNORECASE,
)
_KEY_STRIP_RE = re.compile(r"[\W_]+")
_REPEATED_SEPARATOR_RE = re.compile(r"([- ._])\1+")
_TRAILING_SEPARATORS_RE = re.compile(r"[- ._]+$")
_MULTIPLE_SPACES_RE = re.compile(r"\s{2,}")
_BAD_CHARACTERS = ("\\", "/", "<", ">", "?", "*", "|", '"')
_GOOD_CHARACTERS = ("+", "+", "", "", "!", "-", "", "")
MAX_NAME_BYTES = 255


class ColonReplacement(IntEnum):
    """Sonarr v4's ``colonReplacementFormat`` values (Radarr/Lidarr use the same ideas)."""

    DELETE = 0
    DASH = 1
    SPACE_DASH = 2
    SPACE_DASH_SPACE = 3
    SMART = 4
    CUSTOM = 5


@dataclass(frozen=True, slots=True)
class NamingOptions:
    """How values are cleaned; the parts of a naming config that are not formats."""

    replace_illegal_characters: bool = True
    colon_replacement: ColonReplacement = ColonReplacement.SMART
    custom_colon_replacement: str = ""
    max_bytes: int = MAX_NAME_BYTES
    truncatable: frozenset[str] = field(default_factory=frozenset)  # token keys to shorten


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """One ``{...}`` occurrence: what a handler may look at to produce its value."""

    token: str
    prefix: str
    separator: str
    format: str
    suffix: str

    @property
    def key(self) -> str:
        return token_key(self.token)


TokenHandler = Callable[[TokenMatch], str]


def token_key(token: str) -> str:
    """Token identity: case and separators do not matter (``Series.Title`` = ``seriestitle``)."""
    return _KEY_STRIP_RE.sub("", token).lower()


def replace_colons(text: str, options: NamingOptions) -> str:
    """The configured colon rule (``Smart``: ``a: b`` -> ``a - b``, ``a:b`` -> ``a-b``)."""
    rule = options.colon_replacement
    if ":" not in text:
        return text
    if rule == ColonReplacement.DELETE:
        return text.replace(":", "")
    if rule == ColonReplacement.DASH:
        return text.replace(":", "-")
    if rule == ColonReplacement.SPACE_DASH:
        return text.replace(":", " -")
    if rule == ColonReplacement.SPACE_DASH_SPACE:
        return text.replace(":", " - ")
    if rule == ColonReplacement.CUSTOM:
        custom = "".join(c for c in options.custom_colon_replacement if c not in _BAD_CHARACTERS)
        return text.replace(":", custom.replace(":", ""))
    smart = re.sub(r"\s*:\s+", " - ", text)
    return _MULTIPLE_SPACES_RE.sub(" ", smart.replace(":", "-"))


def clean_file_name(text: str, options: NamingOptions | None = None) -> str:
    """Remove or replace the characters Windows, SMB and Linux clients refuse in a name."""
    options = options or NamingOptions()
    if options.replace_illegal_characters:
        text = replace_colons(text, options)
        for bad, good in zip(_BAD_CHARACTERS, _GOOD_CHARACTERS, strict=True):
            text = text.replace(bad, good)
    else:
        for bad in (*_BAD_CHARACTERS, ":"):
            text = text.replace(bad, "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cc")
    return text.lstrip(" .").rstrip(" ")


_CLEAN_REPLACE_RE = re.compile(r"[/\\]")
_CLEAN_REMOVE_RE = re.compile(
    r"(?<=\s)[,<>/\\;:'\"|`’~!?@$%^*\-_=](?=\s)"
    r"|['`’:?,](?=(?:(?:s|m|t|ve|ll|d|re)\s)|\s|$)"
    r"|[()\[\]{}]",
    re.IGNORECASE,
)


def clean_title(title: str) -> str:
    """Sonarr's ``CleanTitle``: ``&`` becomes ``and``, punctuation goes, accents stay."""
    text = title.replace("&", "and")
    text = _CLEAN_REPLACE_RE.sub(" ", text)
    text = _CLEAN_REMOVE_RE.sub("", text)
    return _MULTIPLE_SPACES_RE.sub(" ", text).strip()


def title_the(title: str) -> str:
    """``The Series`` -> ``Series, The`` (also A/An), for sort-friendly folder names."""
    match = re.match(r"^(The|An|A)\s+(.+?)(\s*\((?:19|20)\d\d\))?$", title, re.IGNORECASE)
    if not match:
        return title
    return f"{match.group(2)}, {match.group(1)}{match.group(3) or ''}"


def title_year(title: str, year: int | None) -> str:
    """``Title (Year)``, unless the title already ends with that year."""
    if not year or re.search(rf"\(?{year}\)?$", title):
        return title
    return f"{title} ({year})"


def pad_number(value: int, fmt: str) -> str:
    """``{season:00}``: zero-padded to the width of the format (``0`` or empty: as is)."""
    width = len(fmt) if fmt and set(fmt) == {"0"} else 0
    return str(value).zfill(width)


def truncate_text(value: str, fmt: str) -> str:
    """``{Episode Title:30}``: at most N characters, ending in ``...`` when cut."""
    if not fmt.isdigit():
        return value
    limit = int(fmt)
    if limit <= 3 or len(value) <= limit:
        return value[:limit] if limit > 0 else value
    return value[: limit - 3].rstrip() + "..."


def _render_component(
    template: str,
    handlers: Mapping[str, TokenHandler],
    options: NamingOptions,
    shorten: Mapping[str, int],
) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return match.group("escaped")[0]
        token = TokenMatch(
            token=match.group("token"),
            prefix=match.group("prefix") or "",
            separator=match.group("separator") or "",
            format=match.group("format") or "",
            suffix=match.group("suffix") or "",
        )
        handler = handlers.get(token.key)
        if handler is None:
            return match.group(0)  # unknown tokens stay visible, as the originals leave them
        value = handler(token).strip()
        cut = shorten.get(token.key, 0)
        if cut and value:
            keep = max(len(value.encode("utf-8")) - cut - 3, 1)
            value = value.encode("utf-8")[:keep].decode("utf-8", "ignore").rstrip() + "..."
        letters = [c for c in token.token if c.isalpha()]
        if letters and all(c.islower() for c in letters):
            value = value.lower()
        elif letters and all(c.isupper() for c in letters):
            value = value.upper()
        if token.separator and token.separator != " ":
            value = value.replace(" ", token.separator)
        value = clean_file_name(value, options)
        return f"{token.prefix}{value}{token.suffix}" if value else ""

    rendered = clean_file_name(_TOKEN_RE.sub(replace, template), options)
    rendered = _REPEATED_SEPARATOR_RE.sub(lambda m: m.group(1), rendered)
    rendered = _TRAILING_SEPARATORS_RE.sub("", rendered).strip()
    return rendered


def render(
    template: str,
    handlers: Mapping[str, TokenHandler],
    options: NamingOptions | None = None,
    reserve_bytes: int = 0,
) -> str:
    """Render ``template``; ``/`` in it makes folders (each component rendered and made safe).

    ``handlers`` are keyed by :func:`token_key`. When a component would exceed the byte limit
    (``reserve_bytes`` is kept free for an extension), the tokens in
    ``options.truncatable`` are shortened first, as the originals shorten episode titles.
    """
    options = options or NamingOptions()
    keyed = {token_key(k): v for k, v in handlers.items()}
    parts: list[str] = []
    for component in re.split(r"[/\\]", template):
        rendered = _render_component(component, keyed, options, {})
        overflow = len(rendered.encode("utf-8")) + reserve_bytes - options.max_bytes
        if overflow > 0 and options.truncatable:
            shorten = dict.fromkeys(options.truncatable, overflow)
            rendered = _render_component(component, keyed, options, shorten)
        if rendered:
            parts.append(safe_name(rendered))
    return "/".join(parts)
