"""Rebound's platform-neutral core: commands in, outbound messages out."""

__version__ = "0.1.0"
