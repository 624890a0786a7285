"""Slack adapter: Block Kit rendering (and, later, the Bolt app that sends what it renders)."""
