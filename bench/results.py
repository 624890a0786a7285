"""The figures of a run, and how `--record` keeps them in `bench/RESULTS.md`.

Each recorded run appends one row to the table under its marker (newest last): `<!-- runs -->`
for the Discord command, `<!-- chart runs -->` for the momentum chart, `<!-- summary runs -->`
for the weekly summary. A row holds the date, the machine's cores, the commit, Rebound's and the
baseline's percentiles and the verdict (the chart's also its cold first draw; the summary's its
statement count and database). Nothing but the table's end is touched, so the prose stays
hand-written.
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
CHART_MARKER = "<!-- chart runs -->"
SUMMARY_MARKER = "<!-- summary runs -->"


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


def row(
    machine: Machine,
    rebound: Summary,
    baseline: Summary,
    target_ms: float,
    extra: tuple[str, ...] = (),
) -> str:
    """One table row; `extra` cells go between the ratios and the verdict."""
    verdict = "PASS" if rebound.p99 <= target_ms else "FAIL"
    figures = " | ".join(f"{v:.1f}" for v in rebound.figures().values())
    base = " | ".join(f"{v:.1f}" for v in baseline.figures().values())
    ratio = rebound.ratios(baseline)
    return (
        f"| {machine.date} | {machine.cores} | {machine.commit} | {machine.python} "
        f"| {rebound.count} | {figures} | {base} | x{ratio['p50']:.1f} / x{ratio['p99']:.1f} "
        f"| {''.join(cell + ' | ' for cell in extra)}{verdict} |"
    )


def record(line: str, results: Path = RESULTS, marker: str = MARKER) -> None:
    """Add `line` as the last row of the table right under `marker` (whatever follows that
    table, another section for instance, stays where it is)."""
    lines = results.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if marker not in lines:
        raise ValueError(f"{results} has no {marker} line to append runs under")
    end = lines.index(marker) + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines.insert(end, line)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
