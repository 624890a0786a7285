"""`python -m bench.slack_commands`: how fast `rebound run` answers Slack's `/rejected` (issue
13, "Slack command path").

1,000 signed `/rejected`, one after the other (each waits for the previous answer), each with
its own company, by one returning member (five unmeasured warm-up commands first), to
`rebound run` in HTTP mode on a fresh SQLite file (or `--database` PostgreSQL), against the
fake Slack Web API. Each is timed from sending the request to its HTTP 200 (`ack`) and to the
answer arriving on its `response_url` (`answer`).

Baseline, same run: the same requests to a bare slack-bolt `AsyncApp` whose handler only
acknowledges (Bolt's defaults), served the same way in a process of its own
(`bench.slack_bare`); and, for the floor, the same app with `process_before_response` on.
Targets: Rebound's ack at most 1.2 times the baseline's (p50 and p99), and its answer's p99 at
most 50 ms on SQLite. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import aiohttp

from bench import results, slack_load
from bench.stats import Summary

RATIO_TARGET = 1.2
P99_TARGET_MS = 50.0
MEMBER = "U1BENCH"


async def series(
    served: slack_load.Served, fake: slack_load.TimedFakeSlack, count: int, warm_up: int,
    *, answer: bool,
) -> tuple[list[float], list[float]]:  # fmt: skip
    acks: list[float] = []
    answers: list[float] = []
    async with aiohttp.ClientSession() as http:
        for index in range(warm_up):
            await slack_load.rejected(http, served, fake, MEMBER, f"Warm-up {index}", answer=answer)
        for index in range(count):
            timing = await slack_load.rejected(
                http, served, fake, MEMBER, f"Company {index} GmbH", answer=answer
            )
            acks.append(timing.ack_ms)
            if timing.answer_ms is not None:
                answers.append(timing.answer_ms)
    return acks, answers


async def measure(
    count: int, warm_up: int, database_url: str | None
) -> tuple[Summary, Summary, Summary, Summary]:
    """(Rebound's ack, Rebound's answer, the bare app's ack, the floor's ack)."""
    async with slack_load.TimedFakeSlack() as fake:
        async with slack_load.bare(fake) as served:
            base, _ = await series(served, fake, count, warm_up, answer=False)
        async with slack_load.bare(fake, before_response=True) as served:
            floor, _ = await series(served, fake, count, warm_up, answer=False)
        with slack_load.database(database_url) as url:
            async with slack_load.rebound(fake, url) as served:
                acks, answers = await series(served, fake, count, warm_up, answer=True)
    return Summary.of(acks), Summary.of(answers), Summary.of(base), Summary.of(floor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slack_commands", description=__doc__)
    parser.add_argument("-n", "--count", type=int, default=1000, help="measured commands")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    ack, answer, base, floor = asyncio.run(measure(args.count, args.warm_up, args.database))
    machine = results.Machine.here()
    where = "PostgreSQL" if args.database else "SQLite"
    print(f"Slack /rejected to `rebound run` over HTTP, {where} ({machine.cores} cores, "
          f"commit {machine.commit}, Python {machine.python})")  # fmt: skip
    print(f"  rebound ack     {ack.line()}")
    print(f"  rebound answer  {answer.line()}  (request sent to answer on response_url)")
    print(f"  baseline ack    {base.line()}  (bare AsyncApp, handler only acks)")
    print(f"  floor ack       {floor.line()}  (same, process_before_response=True)")
    print(f"  ratio ack       {ack.ratio_line(base)}")
    ratios = ack.ratios(base)
    passed = max(ratios["p50"], ratios["p99"]) <= RATIO_TARGET and answer.p99 <= P99_TARGET_MS
    print(
        f"{'PASS' if passed else 'FAIL'}: ack ratio p50 x{ratios['p50']:.2f} / p99 "
        f"x{ratios['p99']:.2f} (target at most x{RATIO_TARGET}), answer p99 {answer.p99:.1f} ms "
        f"(target at most {P99_TARGET_MS:g} ms)"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
