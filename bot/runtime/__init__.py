"""The composition root: the CLI, settings, logging, wiring storage to the core, the heartbeat.

The only part of `bot` that may import infrastructure (storage, APScheduler, adapters); the
rest of `bot` is the platform-neutral core, which a test keeps that way.
"""
