"""The movie library: movies and the one file on disk that holds each."""
