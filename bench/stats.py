"""Percentiles of a set of timings, and their ratios to a baseline measured in the same run.

Absolute milliseconds depend on the machine; the ratio to a baseline taken on the same machine,
in the same process, a moment earlier, is what stays comparable between machines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PERCENTILES = (50, 95, 99)


def percentile(samples: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest sample at or above `p` percent of them (of
    100 samples, p99 is the second slowest)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """p50, p95, p99 and the slowest of a set of timings in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Summary:
        p50, p95, p99 = (percentile(samples_ms, p) for p in PERCENTILES)
        return cls(len(samples_ms), p50, p95, p99, max(samples_ms))

    def figures(self) -> dict[str, float]:
        return {"p50": self.p50, "p95": self.p95, "p99": self.p99, "max": self.max}

    def line(self) -> str:
        shown = "  ".join(f"{name} {value:7.2f} ms" for name, value in self.figures().items())
        return f"{shown}  (n={self.count})"

    def ratios(self, baseline: Summary) -> dict[str, float]:
        """Each figure divided by the baseline's same figure (how many baselines it costs)."""
        base = baseline.figures()
        return {name: value / base[name] for name, value in self.figures().items()}

    def ratio_line(self, baseline: Summary) -> str:
        return "  ".join(f"{name} x{value:5.1f}" for name, value in self.ratios(baseline).items())
