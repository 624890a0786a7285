"""The words Rebound says. Kept apart from the logic so they are easy to read, edit and review."""
