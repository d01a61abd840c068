"""Searching for releases: the generic decide loop, indexer facts and RSS cursors.

A media domain supplies a :class:`~mediastack.manager.search.domain.SearchDomain`; the loop
maps each release through it and judges it with ``manager.decisions``.
"""
