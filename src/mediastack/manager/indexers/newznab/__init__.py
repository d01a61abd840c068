"""Newznab (Usenet) indexers: ``settings``, wire ``client``, ``parser`` and ``mapping``.

Import from the modules; this package file stays empty so that the shared parser can be
imported without pulling in the client (and its imports) first.
"""
