"""Radarr v3 library routes: movie, moviefile, calendar, wanted/missing."""
