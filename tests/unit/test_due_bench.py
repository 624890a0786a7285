"""The due-work throughput bench (`python -m bench.due_throughput`) still runs and checks what
it promises: a few hundred nudges on SQLite, each delivered exactly once; not a timing test."""

from __future__ import annotations

import pytest

from bench import due_throughput


def test_the_due_bench_delivers_each_item_once_and_says_pass_or_fail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = due_throughput.main(["--only", "sqlite", "--sqlite-items", "300"])
    out = capsys.readouterr().out
    assert "SQLite: seeded 300 due nudges" in out and "bare     1 process" in out
    assert "0 duplicates, 300 rows sent" in out
    assert "statements" in out and "ms of bot CPU per item" in out
    verdict = "PASS" if code == 0 else "FAIL"
    assert code in (0, 1) and f"{verdict}: SQLite, one process" in out
