"""`python -m bench` (`make bench`): how fast Rebound answers a Discord command, or draws the
momentum chart.

    python -m bench               100 measured /rejected, printed, PASS or FAIL
    python -m bench -n 20         fewer (a quick look)
    python -m bench --record      also append the figures to bench/RESULTS.md
    python -m bench chart         100 momentum charts drawn (the same options)

Exits 1 when p99 is above the target (50 ms for a command, issue 10; 500 ms for the chart,
issue 12), so a script can tell.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bench import chart, discord_commands, results
from bench.stats import Summary

TARGET_MS = 50.0
CHART_TARGET_MS = 500.0


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "what", nargs="?", choices=("discord", "chart"), default="discord",
        help="a Discord command (the default) or the momentum chart",
    )  # fmt: skip
    parser.add_argument("-n", "--count", type=int, default=100, help="measured runs")
    parser.add_argument("--warm-up", type=int, default=5, help="unmeasured ones first")
    parser.add_argument("--target", type=float, help="p99 limit in ms (50; the chart's 500)")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.target is None:
        args.target = CHART_TARGET_MS if args.what == "chart" else TARGET_MS
    return args


async def measure(count: int, warm_up: int) -> tuple[Summary, Summary, dict[int, int]]:
    """Rebound's round trips and the bare baseline's, in this process, one after the other."""
    base = await discord_commands.baseline(count, warm_up)
    ours = await discord_commands.rebound(count, warm_up)
    return Summary.of(ours.samples_ms), Summary.of(base.samples_ms), ours.answer_types


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.what == "chart":
        return chart_main(args)
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


if __name__ == "__main__":
    sys.exit(main())
