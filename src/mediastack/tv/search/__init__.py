"""Searching for episodes: mapping releases to the library, criteria, decisions, RSS."""
