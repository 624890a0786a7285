"""What the core tells an operator's metrics, as a port: the core never imports a metrics library.

`bot.answering.answer` reports every command it answered here, by the command's registry name,
the platform and how it ended. The runtime implements this with prometheus_client
(`bot.runtime.metrics`); the console, `rebound tick` and tests get `UNOBSERVED`, which counts
nothing. Labels are drawn from fixed sets (registry names, platform ids, outcomes), never from
what a member typed, so no company, note or user id can reach a metrics backend.
"""

from __future__ import annotations

from typing import Final, Protocol

ANSWERED: Final = "answered"  # the core's answer (a refusal or a usage hint included)
NOT_SAVED: Final = "not_saved"  # failed or too slow: rolled back, and the member told so
UNKNOWN: Final = "unknown"  # a COMMIT was under way when the wait ended


class Observer(Protocol):
    def command_handled(self, platform: str, command: str, outcome: str) -> None:
        """One command answered: `command` is a registry name or a button's action id (or
        "unknown"), `outcome` one of ANSWERED, NOT_SAVED, UNKNOWN."""
        ...


class _Unobserved:
    def command_handled(self, platform: str, command: str, outcome: str) -> None:
        return None


UNOBSERVED: Final[Observer] = _Unobserved()
