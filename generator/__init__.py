"""privgen: accessible, bilingual privacy statements from structured organisation profiles."""

__version__ = "0.2.0"
