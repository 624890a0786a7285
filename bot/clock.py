"""Where "now" comes from. The core is always handed the time; only these clocks read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock the console can move forward. Frozen clocks only move when told to."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        real = datetime.now(UTC)
        self._offset = (start - real) if start else timedelta(0)
        self._frozen_at: datetime | None = start if frozen else None
        if frozen and start is None:
            self._frozen_at = real

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(UTC) + self._offset

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (forward only; the past has already happened)."""
        if moment.tzinfo is None:
            raise ValueError("the clock needs a timezone-aware time")
        if moment < self.now():
            raise ValueError("the clock only moves forward")
        if self._frozen_at is not None:
            self._frozen_at = moment
        else:
            self._offset = moment - datetime.now(UTC)
