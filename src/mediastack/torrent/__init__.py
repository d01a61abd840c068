"""The BitTorrent service: a qBittorrent stand-in built on libtorrent.

``engine`` owns the libtorrent session, its alerts and its persistence; the WebAPI v2
routers (written separately) translate HTTP calls into engine calls and engine models into
qBittorrent's JSON.
"""
