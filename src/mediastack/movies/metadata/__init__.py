"""TMDB: where the movie library's metadata comes from."""
