"""Torznab documents are Newznab documents: the one parser handles both.

``torznab:attr`` elements are read alongside ``newznab:attr`` ones (namespace-agnostic), so
there is nothing to add here; this module exists so the provider folders have the same
shape and so callers can say what they mean.
"""

from mediastack.manager.indexers.newznab.parser import (
    Feed,
    FeedItem,
    parse_caps,
    parse_document,
    parse_feed,
)

__all__ = ["Feed", "FeedItem", "parse_caps", "parse_document", "parse_feed"]
