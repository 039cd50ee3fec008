"""Rendering: an organisation as output files in memory (pages, banner, feed), through the theme. Never touches the disk."""
