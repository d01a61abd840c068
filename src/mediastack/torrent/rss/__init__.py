"""RSS for the torrent service: feeds in folders, articles, and auto-download rules.

qBittorrent's RSS reader, over its WebAPI: :mod:`.tree` holds folders and feeds under
backslash-separated paths, :mod:`.parser` reads RSS 2.0, RSS 1.0 and Atom documents with
defusedxml, :mod:`.rules` matches articles the way qBittorrent's download rules do,
:mod:`.store` keeps it all on disk and :mod:`.session` fetches feeds on a timer and hands
accepted articles to the engine.
"""
