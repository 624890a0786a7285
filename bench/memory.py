"""`python -m bench.memory`: how much memory `rebound run` holds (issue 13, "Memory").

Resident size (VmRSS) of `rebound run` in Slack's HTTP mode on a fresh SQLite file (or
`--database` PostgreSQL): once it answers /healthz, and after `-n` (10,000) `/rejected` from 8
concurrent members (`bench.slack_throughput`'s load). Baseline, same run: the bare slack-bolt
`AsyncApp` (`bench.slack_bare --respond`) after start and after the same load. Target: at most
150 MB after the load. Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bench import results, slack_load
from bench.slack_throughput import load

TARGET_MB = 150.0


async def measure(count: int, database_url: str | None) -> tuple[float, float, float, float]:
    """(Rebound after start, after the load, the bare app after start, after the load)."""
    async with slack_load.TimedFakeSlack() as fake:
        async with slack_load.bare(fake, respond=True) as served:
            base_start = slack_load.resident_mb(served.pid)
            base_end = (await load(served, fake, count, 8)).resident_mb
        with slack_load.database(database_url) as url:
            async with slack_load.rebound(fake, url) as served:
                start = slack_load.resident_mb(served.pid)
                end = (await load(served, fake, count, 8)).resident_mb
    return start, end, base_start, base_end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("-n", "--count", type=int, default=10_000, help="commands sent")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    start, end, base_start, base_end = asyncio.run(measure(args.count, args.database))
    machine = results.Machine.here()
    print(f"`rebound run` resident size, Slack HTTP mode ({machine.cores} cores, "
          f"commit {machine.commit}, Python {machine.python})")  # fmt: skip
    print(f"  rebound   {start:6.1f} MB after start  {end:6.1f} MB after {args.count} commands")
    print(f"  baseline  {base_start:6.1f} MB after start  {base_end:6.1f} MB after the same "
          "(bare AsyncApp answering on response_url)")  # fmt: skip
    print(f"  ratio     x{start / base_start:.2f} after start  x{end / base_end:.2f} after")
    passed = end <= TARGET_MB
    print(f"{'PASS' if passed else 'FAIL'}: {end:.0f} MB (target at most {TARGET_MB:g} MB)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
