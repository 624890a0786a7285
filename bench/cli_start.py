"""How long `rebound --help` takes (issue 13: it took 0.9 s because the CLI imported SQLAlchemy
and Alembic up front).

    python -m bench.cli_start                 20 measured `rebound --help` runs, printed
    python -m bench.cli_start -n 5            fewer (a quick look)
    python -m bench.cli_start --against DIR   also the code in DIR (an older commit unpacked
                                              with `git archive`), for a before and after

Each run is a new process, timed from start to exit, as a person typing the command waits; the
commands take turns, so a busy moment on a shared machine falls on all of them alike. The
baseline, measured in the same run, is the interpreter alone importing argparse
(`python -c "import argparse"`): the floor any Python CLI pays. It also lists which of the heavy
libraries `--help` loaded (none is the goal: they load only when a command needs them).
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
# `rebound --help` from the code in {path} (this checkout when empty): the editable install's
# finder would otherwise import this checkout's `bot` whatever sys.path says.
HELP = (
    "import runpy, sys\n"
    "if {path!r}:\n"
    "    sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"
    "    sys.path.insert(0, {path!r})\n"
    "sys.argv = ['rebound', '--help']\n"
    "try:\n"
    "    runpy.run_module('bot', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
)
LOADED = (
    f"heavy = {HEAVY!r}\nprint(','.join(h for h in heavy if h in sys.modules), file=sys.stderr)\n"
)


def timed(commands: dict[str, list[str]], count: int, warm_up: int) -> dict[str, list[float]]:
    """Wall-clock milliseconds of `count` runs of each command, taking turns, after `warm_up`
    untimed rounds."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warm_up + count):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            if i >= warm_up:
                samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def heavy_loaded(path: str = "") -> list[str]:
    """The heavy libraries in `sys.modules` after `rebound --help`."""
    done = subprocess.run(
        [sys.executable, "-c", HELP.format(path=path) + LOADED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in done.stderr.strip().split(",") if name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli_start")
    parser.add_argument("-n", "--count", type=int, default=20, help="measured runs")
    parser.add_argument("--warm-up", type=int, default=2, help="unmeasured rounds first")
    parser.add_argument("--against", type=Path, help="also time the code in this folder")
    args = parser.parse_args(argv)
    labels = {"rebound": ""}
    if args.against:
        labels[str(args.against)] = str(args.against.resolve())
    commands = {
        name: [sys.executable, "-c", HELP.format(path=path)] for name, path in labels.items()
    }
    commands["baseline"] = [sys.executable, "-c", "import argparse"]
    samples = {
        name: Summary.of(runs) for name, runs in timed(commands, args.count, args.warm_up).items()
    }
    base = samples["baseline"]
    print("rebound --help, process start to exit")
    for name, path in labels.items():
        loaded = ", ".join(heavy_loaded(path)) or "none of them"
        print(f"  {name}\n    {samples[name].line()}")
        print(f"    ratio to baseline  {samples[name].ratio_line(base)}")
        print(f"    heavy libraries loaded: {loaded}")
    print(f"  baseline (python -c 'import argparse')\n    {base.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
