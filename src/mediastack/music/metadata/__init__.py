"""Where the music service gets artists, albums and tracks: MusicBrainz, Cover Art Archive."""
