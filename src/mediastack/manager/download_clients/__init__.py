"""Download clients a manager sends releases to (qBittorrent WebAPI v2, SABnzbd API)."""
