"""Torznab (torrent) indexers: Newznab's protocol with torrent attributes.

Same file names as ``newznab/``; each module reuses Newznab's code and adds only what
torrents need.
"""
