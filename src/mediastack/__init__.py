"""mediastack: self-hosted media automation compatible with the *arr stack."""

__version__ = "0.1.0"
