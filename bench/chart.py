"""How fast the momentum chart is drawn (issue 12: "the chart is drawn in at most 500 ms").

What is timed, for each draw: `bot.momentum.chart.draw` on eight busy weeks (every kind every
week, rejections too, a title and a zone), from the call to the PNG's bytes in hand, in this
process, one after the other. That is all the weekly summary or `/momentum` would wait for.

The baseline is the least matplotlib can do for a PNG of the same size: a bare `Figure` of
1000x500 pixels with one bar, saved to PNG through the same Agg canvas. The ratio of the two
is what compares across machines.

Both series run warm (matplotlib imported, fonts found); the first draw in a fresh process,
import included, is measured once apart in a child process, since a process can import
matplotlib only once.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bot.momentum.chart import DPI, HEIGHT_IN, WEEKS, WIDTH_IN, WeekCounts, draw
from bot.records import ActivityKind

ROOT = Path(__file__).resolve().parents[1]
FIRST_MONDAY = date(2026, 10, 19)
COLD_SCRIPT = """
import time
started = time.perf_counter()
from bench.chart import busy_weeks
from bot.momentum.chart import draw
draw(busy_weeks(), "Job Seekers Berlin", "Europe/Berlin")
print((time.perf_counter() - started) * 1000)
"""


def busy_weeks() -> list[WeekCounts]:
    """Eight weeks of a lively group: every kind, every week, and some rejections."""
    return [
        WeekCounts(
            FIRST_MONDAY + timedelta(weeks=i),
            {kind: 2 + (i * (n + 1)) % 9 for n, kind in enumerate(ActivityKind)},
            rejections=1 + i % 4,
        )
        for i in range(WEEKS)
    ]


def rebound(count: int, warm_up: int) -> list[float]:
    """`count` timed draws of the 8-week chart, after `warm_up` untimed ones."""
    weeks = busy_weeks()
    return _series(lambda: draw(weeks, "Job Seekers Berlin", "Europe/Berlin").data, count, warm_up)


def baseline(count: int, warm_up: int) -> list[float]:
    """`count` timed bare one-bar figures of the same size saved to PNG."""
    return _series(_bare_png, count, warm_up)


def cold_first_draw() -> float:
    """Milliseconds of the first draw in a new process, importing matplotlib included."""
    result = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def _bare_png() -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.add_subplot().bar([0], [1])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _series(make: Callable[[], bytes], count: int, warm_up: int) -> list[float]:
    for _ in range(warm_up):
        make()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        make()
        samples.append((time.perf_counter() - started) * 1000)
    return samples
