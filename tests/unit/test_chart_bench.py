"""The chart's speed bench (`python -m bench chart`) still runs and keeps its figures in its own
table: a few draws, not a timing test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import __main__ as bench
from bench import results
from bench.stats import Summary


def test_the_chart_bench_runs_and_says_pass_or_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench.main(["chart", "-n", "3", "--warm-up", "1"])
    out = capsys.readouterr().out
    assert "Momentum chart" in out and "(n=3)" in out and "cold" in out
    assert "target: chart drawn in at most 500 ms" in out
    verdict = "PASS" if code == 0 else "FAIL"
    assert code in (0, 1) and f"{verdict}: p99" in out


def test_a_chart_run_is_recorded_under_its_own_table_only(tmp_path: Path) -> None:
    copy = tmp_path / "RESULTS.md"
    shutil.copy(results.RESULTS, copy)
    before = copy.read_text(encoding="utf-8").splitlines()
    machine = results.Machine("2026-12-07 09:00 UTC", 2, "abc1234", "3.11.7")
    ours, base = Summary.of([120.0, 130.0, 140.0]), Summary.of([20.0, 21.0, 22.0])
    line = results.row(machine, ours, base, 500.0, extra=("900",))
    results.record(line, copy, marker=results.CHART_MARKER)
    results.record(line.replace("abc1234", "def5678"), copy, marker=results.CHART_MARKER)
    after = copy.read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before  # the chart table is the file's last: rows follow it
    assert after[len(before) :] == [line, line.replace("abc1234", "def5678")]
    assert line.endswith("| x6.2 / x6.4 | 900 | PASS |")
