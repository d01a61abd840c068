"""Searching the indexers for albums, and mapping releases found back to the library."""
