"""Proof of consent: the service that receives the banner's consent records, their storage (SQLite or PostgreSQL), and the proof, export, statistics and purge built on it."""
