"""Shared by every package: user-facing errors, Chinese numerals, iterating off the event loop; no I/O,
no policy facts."""
