"""The movie side of the import engine: a finished download's file becomes a movie's file."""
