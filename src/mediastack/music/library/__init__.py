"""The music library: artists, albums (release groups), tracks and track files."""
