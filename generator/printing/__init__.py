"""Printing: rendered pages as PDF, through Chromium. Optional (privgen[pdf]); nothing else starts a browser."""
