"""Momentum: what a member and their group did, and what came of it."""
