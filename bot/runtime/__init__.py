"""The composition root: the CLI, settings, logging, wiring storage to the core, the platforms
this process connects to and the runner that starts them, the heartbeat.

The only part of `bot` that may import infrastructure (storage, APScheduler, adapters); the
rest of `bot` is the platform-neutral core, which `tests/unit/test_imports.py` keeps that way.
"""
