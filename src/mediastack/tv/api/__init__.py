"""Sonarr v3 library routes: series, episode, episodefile, languageprofile, MediaCover."""
