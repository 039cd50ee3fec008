"""Profiles: find the organisation folders, read their YAML with line numbers, validate it into the model, and keep published versions locked. Imports nothing of privgen but errors."""
