"""The TV library: series, seasons, episodes and the files on disk that hold them."""
