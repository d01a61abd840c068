"""Titles as the *arr programs derive them: URL slugs, sort titles and clean titles.

Every media kind needs the same three derivations (``titleSlug`` is what web UIs and
Overseerr link by, ``sortTitle`` drops a leading article, ``cleanTitle`` is the matching
key), so they live here rather than in each domain's store.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def slugify(title: str, fallback: str = "item") -> str:
    """``"Amélie (2001)"`` -> ``"amelie-2001"``; ``fallback`` for titles with no ASCII left."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_title.lower()).strip("-") or fallback


def sort_title(title: str) -> str:
    """Lower case without a leading English article, as the originals sort."""
    return _ARTICLE.sub("", title.strip()).lower()


def clean_title(title: str) -> str:
    """Letters and digits only, lower case: the key the originals compare titles by."""
    return "".join(ch for ch in title.lower() if ch.isalnum())
