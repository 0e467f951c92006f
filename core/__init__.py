"""Shared by every package: user-facing errors and Chinese numerals; no I/O, no policy facts."""
