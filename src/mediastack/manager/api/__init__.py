"""The *arr-compatible HTTP API, shared by the TV, movie and music services."""
