"""Searching for movies: which movie a release is, criteria, availability."""
