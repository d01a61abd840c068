"""The originals' file-naming language: ``{Token Name:format}`` templates rendered safely.

Generic on purpose: the token *engine* (syntax, case, separators, optional prefixes and
suffixes, colon replacement, illegal characters, length limits, multi-episode styles) is the
same for every media kind; each domain supplies its own token handlers (``tv/naming.py``).
"""

from mediastack.manager.naming.engine import (
    ColonReplacement,
    NamingOptions,
    TokenHandler,
    TokenMatch,
    clean_file_name,
    clean_title,
    render,
    title_the,
    title_year,
    token_key,
)
from mediastack.manager.naming.multi_episode import MultiEpisodeStyle, expand_multi_episode

__all__ = [
    "ColonReplacement",
    "MultiEpisodeStyle",
    "NamingOptions",
    "TokenHandler",
    "TokenMatch",
    "clean_file_name",
    "clean_title",
    "expand_multi_episode",
    "render",
    "title_the",
    "title_year",
    "token_key",
]
