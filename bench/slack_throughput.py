"""`python -m bench.slack_throughput`: how many `/rejected` one `rebound run` answers per second
when several people type at once (issue 13, "Slack command throughput").

`--clients` (8) concurrent senders, each a member of its own, each sending its next signed
`/rejected` as soon as the previous one was answered on its `response_url`, until `-n`
(1,000) commands were answered; each sender first logs one unmeasured warm-up command. Timed
end to end (request sent to answer received); commands per second are the measured commands
over the wall time from the first sent to the last answered. On a fresh SQLite file, or with
`--database` on PostgreSQL.

Baseline, same run and load: a bare slack-bolt `AsyncApp` (`bench.slack_bare --respond`) that
acknowledges and answers "Noted." on the `response_url`. Targets: at least 200 commands/s and
an end-to-end p99 of at most 100 ms. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass

import aiohttp

from bench import results, slack_load
from bench.stats import Summary

RATE_TARGET = 200.0
P99_TARGET_MS = 100.0


@dataclass(frozen=True)
class Load:
    summary: Summary
    per_second: float
    resident_mb: float  # the serving process's, after the load
    cpu_ms: float  # the serving process's CPU time per command


async def load(
    served: slack_load.Served, fake: slack_load.TimedFakeSlack, count: int, clients: int,
    prefix: str = "",
) -> Load:  # fmt: skip
    """`count` commands from `clients` concurrent members; their end-to-end timings."""
    samples: list[float] = []
    remaining = iter(range(count))
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def member(number: int) -> None:
            user = f"U{prefix}{number}BENCH"
            await slack_load.rejected(http, served, fake, user, f"Warm-up {number}")
            await warmed.wait()
            for index in remaining:
                timing = await slack_load.rejected(http, served, fake, user, f"Co {index} Ltd")
                assert timing.answer_ms is not None
                samples.append(timing.answer_ms)

        warmed = asyncio.Barrier(clients + 1)  # every member's warm-up answered
        senders = [asyncio.create_task(member(n)) for n in range(clients)]
        await warmed.wait()
        started, cpu = time.perf_counter(), slack_load.cpu_seconds(served.pid)
        await asyncio.gather(*senders)
        elapsed = time.perf_counter() - started
        cpu = slack_load.cpu_seconds(served.pid) - cpu
    resident = slack_load.resident_mb(served.pid)
    return Load(Summary.of(samples), count / elapsed, resident, cpu * 1000 / count)


async def measure(count: int, clients: int, database_url: str | None) -> tuple[Load, Load]:
    async with slack_load.TimedFakeSlack() as fake:
        async with slack_load.bare(fake, respond=True) as served:
            base = await load(served, fake, count, clients)
        with slack_load.database(database_url) as url:
            async with slack_load.rebound(fake, url) as served:
                ours = await load(served, fake, count, clients)
    return ours, base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slack_throughput", description=__doc__)
    parser.add_argument("-n", "--count", type=int, default=1000, help="measured commands")
    parser.add_argument("--clients", type=int, default=8, help="concurrent members sending")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    ours, base = asyncio.run(measure(args.count, args.clients, args.database))
    machine = results.Machine.here()
    where = "PostgreSQL" if args.database else "SQLite"
    print(f"Slack /rejected throughput, {args.clients} concurrent clients, {where} "
          f"({machine.cores} cores, commit {machine.commit}, Python {machine.python})")  # fmt: skip
    print(f"  rebound   {ours.per_second:6.1f} commands/s  end to end {ours.summary.line()}")
    print(f"  baseline  {base.per_second:6.1f} commands/s  end to end {base.summary.line()}"
          "  (bare AsyncApp: ack, then 'Noted.' on response_url)")  # fmt: skip
    print(f"  ratio     {ours.summary.ratio_line(base.summary)}  "
          f"rate x{ours.per_second / base.per_second:.2f}")  # fmt: skip
    print(f"  cpu       {ours.cpu_ms:.2f} ms a command (baseline {base.cpu_ms:.2f} ms), "
          f"so at most {1000 / ours.cpu_ms:.0f} commands/s on one core")  # fmt: skip
    print(f"  resident  {ours.resident_mb:.0f} MB after the load")
    passed = ours.per_second >= RATE_TARGET and ours.summary.p99 <= P99_TARGET_MS
    print(
        f"{'PASS' if passed else 'FAIL'}: {ours.per_second:.0f} commands/s (target at least "
        f"{RATE_TARGET:g}), p99 {ours.summary.p99:.1f} ms (target at most {P99_TARGET_MS:g} ms)"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
