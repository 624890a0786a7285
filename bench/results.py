"""The figures of a run, and how `--record` keeps them in `bench/RESULTS.md`.

Each recorded run appends one row to the table under the `<!-- runs -->` marker (newest
last): the date, the machine's cores, the commit, Rebound's and the baseline's percentiles
and the verdict. Nothing above the marker is touched, so the prose stays hand-written.
"""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.stats import Summary

RESULTS = Path(__file__).with_name("RESULTS.md")
MARKER = "<!-- runs -->"


@dataclass(frozen=True)
class Machine:
    """Where and on what a run happened."""

    date: str
    cores: int
    commit: str
    python: str

    @classmethod
    def here(cls) -> Machine:
        return cls(
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            os.cpu_count() or 0,
            _commit(),
            platform.python_version(),
        )


def row(machine: Machine, rebound: Summary, baseline: Summary, target_ms: float) -> str:
    verdict = "PASS" if rebound.p99 <= target_ms else "FAIL"
    figures = " | ".join(f"{v:.1f}" for v in rebound.figures().values())
    base = " | ".join(f"{v:.1f}" for v in baseline.figures().values())
    ratio = rebound.ratios(baseline)
    return (
        f"| {machine.date} | {machine.cores} | {machine.commit} | {machine.python} "
        f"| {rebound.count} | {figures} | {base} | x{ratio['p50']:.1f} / x{ratio['p99']:.1f} "
        f"| {verdict} |"
    )


def record(line: str, results: Path = RESULTS) -> None:
    """Append `line` to the runs table (the marker and the table's head are kept)."""
    text = results.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ValueError(f"{results} has no {MARKER} line to append runs under")
    results.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def _commit() -> str:
    """The short commit, with `+dirty` when the work tree has changes; `unknown` outside git."""
    here = Path(__file__).parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")
