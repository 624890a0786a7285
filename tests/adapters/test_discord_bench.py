"""The Discord speed bench (`make bench`) still runs: a few interactions, not a timing test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import __main__ as bench
from bench import results
from bench.stats import Summary, percentile


def test_the_bench_runs_and_says_pass_or_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench.main(["discord", "-n", "5", "--warm-up", "1"])
    out = capsys.readouterr().out
    assert "(n=5)" in out and "5 as type 4" in out  # each /rejected answered directly
    verdict = "PASS" if code == 0 else "FAIL"
    assert code in (0, 1) and f"{verdict}: p99" in out


def test_recording_appends_one_row_under_the_marker(tmp_path: Path) -> None:
    """The row ends the Discord table, before the chart's section that follows it."""
    copy = tmp_path / "RESULTS.md"
    shutil.copy(results.RESULTS, copy)
    before = copy.read_text(encoding="utf-8").splitlines()
    ours, base = Summary.of([10.0, 20.0, 60.0]), Summary.of([1.0, 2.0, 3.0])
    machine = results.Machine("2026-11-26 21:00 UTC", 2, "abc1234", "3.11.7")
    results.record(results.row(machine, ours, base, 50.0), copy)
    after = copy.read_text(encoding="utf-8").splitlines()
    end = before.index(results.MARKER) + 1
    while end < len(before) and before[end].startswith("|"):
        end += 1
    assert after == [*before[:end], after[end], *before[end:]]
    assert "| abc1234 |" in after[end] and after[end].endswith("| FAIL |")  # p99 60 > 50


def test_percentiles_are_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 50), percentile(samples, 99)) == (50.0, 99.0)
    assert Summary.of([3.0]).p99 == 3.0
