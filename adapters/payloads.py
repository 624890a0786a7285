"""Reading a platform's JSON payloads defensively, shared by every adapter's translator.

Payloads come from outside (forged, truncated, or shaped by a newer API): a field of the wrong
type reads as empty, and a payload without who acted or what they did raises
`MalformedPayload`, which the adapter answers as a refusal, never a KeyError or TypeError.
"""

from __future__ import annotations

from typing import Any

Payload = dict[str, Any]


class MalformedPayload(ValueError):
    """A payload that does not say who acted or what they did: nothing to act on."""


def text(value: Any) -> str:
    """A string field (ids may come as numbers), or "" for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def obj(value: Any) -> Payload:
    """An object field, or {} for anything else."""
    return value if isinstance(value, dict) else {}


def required(value: Any, what: str, platform: str) -> str:
    """A string field that must be there; `what` and `platform` name it in the refusal."""
    found = text(value)
    if not found:
        raise MalformedPayload(f"{platform} payload without {what}")
    return found
