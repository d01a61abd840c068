"""The TV side of the import engine: files of a finished download become episode files."""
