"""How long `rebound --help` takes (issue 13: it took 0.9 s because the CLI imported SQLAlchemy
and Alembic up front).

    python -m bench.cli_start            20 measured `rebound --help` runs, printed
    python -m bench.cli_start -n 5       fewer (a quick look)

Each run is a new process, timed from start to exit, as a person typing the command waits. The
baseline, measured in the same run, is the interpreter alone importing argparse
(`python -c "import argparse"`): the floor any Python CLI pays. It also lists which of the heavy
libraries the CLI loaded on the way (none is the goal: they load only when a command needs them).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import Summary

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "alembic", "slack_bolt", "slack_sdk", "discord", "matplotlib", "dateparser")
LOADED = (
    "import sys, runpy\n"
    "sys.argv = ['rebound', '--help']\n"
    "try:\n"
    "    runpy.run_module('bot', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    f"heavy = {HEAVY!r}\n"
    "print(','.join(h for h in heavy if h in sys.modules), file=sys.stderr)\n"
)


def timed(command: list[str], count: int, warm_up: int) -> list[float]:
    """Wall-clock milliseconds of `count` runs of `command`, after `warm_up` untimed ones."""
    samples = []
    for i in range(warm_up + count):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        if i >= warm_up:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def heavy_loaded() -> list[str]:
    """The heavy libraries in `sys.modules` after `rebound --help`."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [name for name in done.stderr.strip().split(",") if name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli_start")
    parser.add_argument("-n", "--count", type=int, default=20, help="measured runs")
    parser.add_argument("--warm-up", type=int, default=2, help="unmeasured ones first")
    args = parser.parse_args(argv)
    rebound = Path(sys.executable).with_name("rebound")
    base = Summary.of(timed([sys.executable, "-c", "import argparse"], args.count, args.warm_up))
    ours = Summary.of(timed([str(rebound), "--help"], args.count, args.warm_up))
    print("rebound --help, process start to exit")
    print(f"  rebound   {ours.line()}")
    print(f"  baseline  {base.line()}  (python -c 'import argparse')")
    print(f"  ratio     {ours.ratio_line(base)}")
    print(f"  loaded    {', '.join(heavy_loaded()) or 'none of ' + ', '.join(HEAVY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
