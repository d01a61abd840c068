"""Test doubles that stand in for the outside world (news servers, releases)."""
