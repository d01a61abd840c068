"""Grabbing: sending accepted releases to download clients, and the queue they form."""
