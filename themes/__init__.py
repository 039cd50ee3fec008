"""The themes privgen ships, installed with it as package data (generator.themes)."""
