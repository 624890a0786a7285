"""`python -m bench` (`make bench`): every benchmark in turn, each with its baseline measured in
the same run, the ratio to it, and PASS or FAIL against its target.

    python -m bench                 all of them (the list is `BENCHES` below)
    python -m bench discord         one: how fast a Discord command is answered (issue 10)
    python -m bench chart           one: how fast the momentum chart is drawn (issue 12)
    python -m bench summary         one: how fast a 1,000-member weekly summary is built (issue 12)
    python -m bench slack           one: Slack /rejected against a bare slack-bolt app (issue 13)
    python -m bench slack-throughput  one: Slack /rejected from 8 members at once (issue 13)
    python -m bench memory          one: resident size after start and 10,000 commands (issue 13)
    python -m bench cli             one: how long `rebound --help` takes (issue 13)
    python -m bench due             one: due nudges delivered a second, 1/2/4 processes (issue 13)
    python -m bench -n 20           fewer measured runs (a quick look; each has its own default)
    python -m bench --record        also append each run's figures to bench/RESULTS.md

Exits 1 when any bench's p99 is above its target, so a script can tell.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass

from bench import (
    chart,
    cli_start,
    discord_commands,
    due_throughput,
    memory,
    results,
    slack_commands,
    slack_throughput,
    weekly_summary,
)
from bench.stats import Summary

TARGET_MS = 50.0
CHART_TARGET_MS = 500.0


@dataclass(frozen=True)
class Bench:
    name: str
    what: str  # for --help
    target_ms: float  # p99 limit
    count: int  # measured runs unless -n says otherwise
    run: Callable[[argparse.Namespace], int]  # prints its figures; 0 PASS, 1 FAIL


def _target(bench: Bench) -> str:
    return f"target p99 {bench.target_ms:g} ms" if bench.target_ms else "its own target"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.splitlines()[0],
        epilog="; ".join(f"{b.name}: {b.what}, {_target(b)}" for b in BENCHES),
    )
    parser.add_argument(
        "what", nargs="?", choices=("all", *(b.name for b in BENCHES)), default="all",
        help="one bench, or all of them (the default)",
    )  # fmt: skip
    parser.add_argument("-n", "--count", type=int, help="measured runs (each bench's default)")
    parser.add_argument("--warm-up", type=int, default=5, help="unmeasured ones first")
    parser.add_argument("--target", type=float, help="p99 limit in ms (each bench's own)")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    chosen = [b for b in BENCHES if args.what in ("all", b.name)]
    failed = []
    for number, bench in enumerate(chosen):
        if number:
            print()
        one = argparse.Namespace(**vars(args))
        one.count = args.count or bench.count
        one.target = args.target if args.target is not None else bench.target_ms
        if bench.run(one):
            failed.append(bench.name)
    if len(chosen) > 1:
        print(f"\n{len(chosen) - len(failed)} of {len(chosen)} benches PASS"
              + (f"; FAIL: {', '.join(failed)}" if failed else ""))  # fmt: skip
    return 1 if failed else 0


async def measure(count: int, warm_up: int) -> tuple[Summary, Summary, dict[int, int]]:
    """Rebound's round trips and the bare baseline's, in this process, one after the other."""
    base = await discord_commands.baseline(count, warm_up)
    ours = await discord_commands.rebound(count, warm_up)
    return Summary.of(ours.samples_ms), Summary.of(base.samples_ms), ours.answer_types


def discord_main(args: argparse.Namespace) -> int:
    """Discord `/rejected` round trips against a bare discord.py client's."""
    discord_commands.quiet_logs()
    ours, base, kinds = asyncio.run(measure(args.count, args.warm_up))
    machine = results.Machine.here()
    print(f"Discord /rejected, dispatch to interaction callback ({machine.cores} cores, "
          f"commit {machine.commit}, Python {machine.python})")  # fmt: skip
    print(f"  rebound   {ours.line()}")
    print(f"  baseline  {base.line()}  (bare discord.py client answering at once)")
    print(f"  ratio     {ours.ratio_line(base)}")
    answered = ", ".join(f"{n} as type {kind}" for kind, n in sorted(kinds.items()))
    print(f"  answered  {answered}")
    passed = ours.p99 <= args.target
    print(
        f"{'PASS' if passed else 'FAIL'}: p99 {ours.p99:.2f} ms (target at most {args.target:g} ms)"
    )
    if args.record:
        results.record(results.row(machine, ours, base, args.target))
        print(f"recorded in {results.RESULTS}")
    return 0 if passed else 1


def chart_main(args: argparse.Namespace) -> int:
    """The momentum chart's draws against bare one-bar PNGs, and one cold first draw."""
    base = Summary.of(chart.baseline(args.count, args.warm_up))
    ours = Summary.of(chart.rebound(args.count, args.warm_up))
    cold = chart.cold_first_draw()
    machine = results.Machine.here()
    print(f"Momentum chart, 8 weeks to PNG bytes ({machine.cores} cores, "
          f"commit {machine.commit}, Python {machine.python})")  # fmt: skip
    print(f"  rebound   {ours.line()}")
    print(f"  baseline  {base.line()}  (bare 1000x500 Figure, one bar, saved to PNG)")
    print(f"  ratio     {ours.ratio_line(base)}")
    print(f"  cold      {cold:7.2f} ms  (first draw in a new process, importing matplotlib)")
    passed = ours.p99 <= args.target
    print(f"target: chart drawn in at most {args.target:g} ms (p99)")
    print(
        f"{'PASS' if passed else 'FAIL'}: p99 {ours.p99:.2f} ms (target at most {args.target:g} ms)"
    )
    if args.record:
        line = results.row(machine, ours, base, args.target, extra=(f"{cold:.0f}",))
        results.record(line, marker=results.CHART_MARKER)
        print(f"recorded in {results.RESULTS}")
    return 0 if passed else 1


# Every bench `python -m bench` runs, in this order: add yours as one line.
def own_main(main: Callable[[list[str]], int]) -> Callable[[argparse.Namespace], int]:
    """A bench module with its own `main(argv)` (its own targets; it records nothing itself:
    copy its printed figures into bench/RESULTS.md)."""

    def run(args: argparse.Namespace) -> int:
        if args.record:
            print("(this bench does not append to bench/RESULTS.md itself)")
        return main(["-n", str(args.count)])

    return run


BENCHES: list[Bench] = [
    Bench("discord", "a Discord /rejected answered", TARGET_MS, 1000, discord_main),
    Bench("chart", "the momentum chart drawn", CHART_TARGET_MS, 100, chart_main),
    Bench(
        "summary",
        "a 1,000-member weekly summary built",
        weekly_summary.TARGET_MS,
        20,
        weekly_summary.bench,
    ),
    Bench(
        "slack", "a Slack /rejected acked and answered", 50.0, 1000, own_main(slack_commands.main)
    ),
    Bench(
        "slack-throughput",
        "Slack /rejected from 8 members at once",
        100.0,
        1000,
        own_main(slack_throughput.main),
    ),
    Bench("memory", "resident size after 10,000 commands", 0.0, 10_000, own_main(memory.main)),
    Bench("cli", "rebound --help started and exited", 0.0, 20, own_main(cli_start.main)),
    # Its own counts (-n does not apply); PostgreSQL from BENCH_DATABASE_URL or TEST_DATABASE_URL.
    Bench(
        "due",
        "due nudges delivered a second, and a tick's memory",
        0.0,
        0,
        own_main(lambda _argv: due_throughput.main([])),
    ),
]


if __name__ == "__main__":
    sys.exit(main())
