"""How fast the due-work pass delivers (issue 13): due nudges claimed, rendered, sent to a
recording messenger and settled, by 1, 2 and 4 processes on PostgreSQL, by one on SQLite; and
how much memory one `rebound tick` holds after delivering many (`--quick`: a tenth of each).

PostgreSQL is `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL` (a schema of its own, dropped at
the end); without either, only SQLite runs. The baseline, measured in the same run on the same
rows, is a bare claim-and-mark-sent loop (`bench.due_rows.bare_loop`). Every run checks that
each item went out exactly once. Exits 1 when a target is missed: 2,000 items/s with one process
on PostgreSQL and on SQLite, 1.8 times the one-process rate with two on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from bench import due_rows, results
from bot.delivery.due import Deliverer, DueWork
from bot.delivery.report import PassReport
from bot.ports import Delivery
from bot.values import Outbound
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork

TARGET = 2_000.0  # items/s, one process
SCALING = 1.8  # two processes, times one


@dataclass
class Run:
    """What one delivering process did: the keys it delivered, when, and its SQL."""

    keys: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu: float = 0.0  # seconds of CPU this process used while delivering
    sql: Counter[str] = field(default_factory=Counter)


class Recorder:
    """A messenger that accepts every message and keeps only its work keys."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    async def send(self, message: Outbound) -> Delivery:
        self.keys.extend(message.work_keys)
        return Delivery(ok=True, message_ref=f"bench:{len(self.keys)}")

    async def find(self, message: Outbound) -> Delivery | None:
        return None

    async def retract(self, message: Outbound, message_ref: str) -> None:
        """Nothing is ever retracted here."""


def counted(engine: Engine, sql: Counter[str]) -> None:
    """Count statements, commits and pool check-outs (each with its ping on PostgreSQL)."""

    def statement(*_: Any) -> None:
        sql["statements"] += 1

    def commit(*_: Any) -> None:
        sql["commits"] += 1

    def checkout(*_: Any) -> None:
        sql["checkouts"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    event.listen(engine.pool, "checkout", checkout)


def deliver(url: str, schema: str | None, go: Any, out: Any) -> None:
    """One delivering process: passes until one finds nothing more to send."""
    engine = make_engine(url, schema=schema)
    run = Run()
    counted(engine, run.sql)
    work = DueWork(SqlUnitOfWork(engine), "UTC")
    recorder = Recorder()
    route = {due_rows.PLATFORM: recorder}

    async def drain() -> None:
        while True:
            before = len(recorder.keys)
            await Deliverer(work, route).run(lambda: due_rows.NOW, PassReport())
            if len(recorder.keys) == before:
                return

    go.wait()
    run.started, cpu = time.monotonic(), time.process_time()
    asyncio.run(drain())
    run.finished, run.cpu = time.monotonic(), time.process_time() - cpu
    engine.dispose()
    run.keys = recorder.keys
    out.put(run)


@dataclass(frozen=True)
class Outcome:
    processes: int
    items: int
    seconds: float
    sql: Counter[str]
    duplicates: int
    sent_rows: int
    cpu: float  # CPU seconds of all delivering processes together

    @property
    def rate(self) -> float:
        return self.items / self.seconds

    def per_item(self, what: str) -> float:
        return self.sql[what] / max(self.items, 1)


def measure(url: str, schema: str | None, engine: Engine, processes: int, seeded: int) -> Outcome:
    """Deliver every seeded nudge with `processes` processes started together."""
    due_rows.reset(engine)
    context = multiprocessing.get_context("spawn")
    go, out = context.Event(), context.Queue()
    workers = [
        context.Process(target=deliver, args=(url, schema, go, out)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    time.sleep(3 + processes)  # let them import and connect before the clock starts
    go.set()
    runs = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    keys = Counter(key for run in runs for key in run.keys)
    sql: Counter[str] = sum((run.sql for run in runs), Counter())
    seconds = max(r.finished for r in runs) - min(r.started for r in runs)
    sent = due_rows.states(engine).get("sent", 0)
    duplicates = sum(n - 1 for n in keys.values())
    assert len(keys) == seeded, f"{len(keys)} distinct items delivered of {seeded}"
    cpu = sum(run.cpu for run in runs)
    return Outcome(processes, sum(keys.values()), seconds, sql, duplicates, sent, cpu)


def report_outcome(outcome: Outcome, bare_rate: float, one: Outcome | None) -> str:
    scale = f", x{outcome.rate / one.rate:.2f} of one process" if one is not None else ""
    return (
        f"  rebound  {outcome.processes} process{'es' if outcome.processes > 1 else '  '} "
        f"{outcome.items:>7,} items in {outcome.seconds:6.1f} s: {outcome.rate:7.0f} items/s "
        f"(x{outcome.rate / bare_rate:.2f} of bare{scale}); "
        f"{1000 * outcome.cpu / outcome.items:.2f} ms of bot CPU per item; per item "
        f"{outcome.per_item('statements'):.2f} statements, {outcome.per_item('commits'):.3f} "
        f"transactions, {outcome.per_item('checkouts'):.3f} pool check-outs; "
        f"{outcome.duplicates} duplicates, {outcome.sent_rows:,} rows sent"
    )


@contextmanager
def database(url: str) -> Iterator[tuple[str, str | None, Engine]]:
    """A migrated, empty database: a fresh schema on PostgreSQL, a new file on SQLite."""
    if url.startswith("sqlite"):
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield url, None, engine
        engine.dispose()
        return
    name = f"bench_due_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {name}")
    engine = make_engine(url, schema=name)
    try:
        migrate.upgrade(engine)
        yield url, name, engine
    finally:
        engine.dispose()
        with admin.begin() as db:
            db.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


def throughput(url: str, label: str, items: int, processes: list[int]) -> list[str]:
    """Seed, measure the bare loop, then Rebound with each process count; the verdicts."""
    verdicts = []
    with database(url) as (address, schema, engine):
        started = time.perf_counter()
        due_rows.seed(engine, items)
        print(f"{label}: seeded {items:,} due nudges in {time.perf_counter() - started:.1f} s")
        bare, seconds = due_rows.bare_loop(engine)
        bare_rate = bare / seconds
        print(f"  bare     1 process   {bare:>7,} items in {seconds:6.1f} s: {bare_rate:7.0f} "
              "items/s (claim 50, mark them sent; nothing read, rendered or sent)")  # fmt: skip
        one: Outcome | None = None
        for count in processes:
            outcome = measure(address, schema, engine, count, items)
            print(report_outcome(outcome, bare_rate, one), flush=True)
            if outcome.duplicates or outcome.sent_rows != items:
                verdicts.append(f"FAIL: {label}, {count} processes: not exactly once")
            if count == 1:
                one = outcome
                verdicts.append(_verdict(f"{label}, one process", outcome.rate, TARGET))
            elif count == 2 and one is not None:
                wanted = SCALING * one.rate
                verdicts.append(_verdict(f"{label}, two processes", outcome.rate, wanted))
    return verdicts


def _verdict(what: str, rate: float, target: float) -> str:
    passed = rate >= target
    return f"{'PASS' if passed else 'FAIL'}: {what} {rate:.0f} items/s (target {target:.0f})"


def tick_rss(items: int, folder: Path) -> tuple[int, float, str, dict[str, int]]:
    """`rebound tick` over `items` due nudges on SQLite: its peak RSS in MB, its seconds, what
    it printed, and the rows' states after it exited."""
    path = folder / f"tick-{items}.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    if items:
        due_rows.seed(engine, items)
    transcript = str(folder / f"t-{items}.txt")
    at = due_rows.NOW.isoformat()
    command = [sys.executable, "-m", "bot", "tick", "--db", str(path), "--at", at]
    command += ["--transcript", transcript]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env["LOG_LEVEL"] = "INFO"  # as an operator watching deliveries would run it
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert child.stdout is not None
    said = child.stdout.read().strip()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    left = due_rows.states(engine)
    engine.dispose()
    return usage.ru_maxrss // 1024, seconds, said, left


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.due_throughput")
    parser.add_argument("--pg-items", type=int, default=100_000)
    parser.add_argument("--sqlite-items", type=int, default=20_000)
    parser.add_argument("--tick-items", type=int, default=50_000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--quick", action="store_true", help="a tenth of every count")
    parser.add_argument("--skip-tick", action="store_true")
    parser.add_argument("--only", choices=("postgresql", "sqlite", "tick"))
    args = parser.parse_args(argv)
    if args.quick:
        args.pg_items, args.sqlite_items = args.pg_items // 10, args.sqlite_items // 10
        args.tick_items //= 10
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    machine = results.Machine.here()
    print(f"Due-work throughput ({machine.cores} cores, commit {machine.commit}, "
          f"Python {machine.python})", flush=True)  # fmt: skip
    verdicts: list[str] = []
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "postgresql"):
            if url:
                verdicts += throughput(url, "PostgreSQL", args.pg_items, args.processes)
            else:
                print("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")
        if args.only in (None, "sqlite"):
            sqlite = f"sqlite:///{Path(folder) / 'throughput.db'}"
            verdicts += throughput(sqlite, "SQLite", args.sqlite_items, [1])
        if args.only in (None, "tick") and not args.skip_tick:
            print("rebound tick on SQLite (console messenger, --transcript), peak RSS:")
            for items in (0, args.tick_items // 10, args.tick_items):
                rss, seconds, said, left = tick_rss(items, Path(folder))
                print(f"  {items:>7,} items: {rss:4d} MB, {seconds:6.1f} s; rows after: "
                      f"{dict(sorted(left.items()))}\n    it said: {said}", flush=True)  # fmt: skip
    for verdict in verdicts:
        print(verdict)
    return 1 if any(v.startswith("FAIL") for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
