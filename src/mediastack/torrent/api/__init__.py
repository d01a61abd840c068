"""qBittorrent WebAPI v2, as a thin translation over the torrent engine."""
