"""Tests for the platform adapters' pure parts, such as renderers."""
