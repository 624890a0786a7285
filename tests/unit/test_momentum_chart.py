"""The momentum chart as a member sees it in chat: a PNG that opens, big enough to read, with the
week's bars in their colours where the weeks are, a kind note when nothing happened, member text
drawn as typed (never as mathtext), and no matplotlib in a process that never draws."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.momentum.chart import PALETTE, WEEKS, WeekCounts, draw, plain, week_label
from bot.records import ActivityKind

ROOT = Path(__file__).resolve().parents[2]
FIRST_MONDAY = date(2026, 10, 19)
PLOT_RIGHT = 770  # pixels: the axes end there (0.77 of 1000); the legend is to their right


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def weeks(
    counts: dict[ActivityKind, int] | None = None, rejections: int | None = 2
) -> list[WeekCounts]:
    """Eight busy weeks: each kind every week, growing, unless `counts` says otherwise."""
    return [
        WeekCounts(
            FIRST_MONDAY + timedelta(weeks=i),
            counts if counts is not None else {kind: 1 + i % 3 for kind in ActivityKind},
            rejections,
        )
        for i in range(WEEKS)
    ]


def quiet_weeks() -> list[WeekCounts]:
    return [WeekCounts(FIRST_MONDAY + timedelta(weeks=i)) for i in range(WEEKS)]


def image(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()  # decodes every pixel: a truncated or corrupt PNG raises here
    assert picture.format == "PNG"
    return picture.convert("RGB")


def pixels_of(picture: Image.Image, colour: str, right: int = PLOT_RIGHT) -> list[tuple[int, int]]:
    """Where `colour` is drawn inside the plot (left of the legend)."""
    plot = np.asarray(picture)[:, :right]
    ys, xs = np.nonzero(np.all(plot == np.array(hex_rgb(colour), dtype=np.uint8), axis=2))
    return [(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]


def distinct_colours(picture: Image.Image) -> int:
    return len(picture.getcolors(maxcolors=1 << 20) or ())


def test_a_busy_chart_is_a_readable_png_with_every_kind_in_its_colour() -> None:
    attachment = draw(weeks(), "Job Seekers Berlin", "Europe/Berlin")
    assert attachment.mime_type == "image/png"
    assert attachment.filename == "momentum-2026-12-07.png"  # the last week's Monday
    picture = image(attachment.data)
    assert picture.width >= 800 and picture.height >= 400
    assert distinct_colours(picture) > 50  # text, bars, lines, antialiasing: not a flat image
    for kind, colour in PALETTE.items():
        assert len(pixels_of(picture, colour)) > 500, kind  # a solid bar segment of each kind


def test_a_bar_stands_above_its_own_week() -> None:
    """Applications only in the last week: their blue is only where the last bar stands (the
    plot spans x 70 to 770 for weeks -0.6 to 7.4, so the seventh week's bar ends near x 676)."""
    history = [*quiet_weeks()[:-1], WeekCounts(date(2026, 12, 7), {ActivityKind.APPLIED: 4})]
    picture = image(draw(history, "Sam").data)
    blue = pixels_of(picture, PALETTE[ActivityKind.APPLIED])
    assert len(blue) > 500 and min(x for x, _y in blue) > 690
    for kind in PALETTE.keys() - {ActivityKind.APPLIED}:
        assert not pixels_of(picture, PALETTE[kind])


def test_a_quiet_history_still_draws_a_chart_with_a_kind_note() -> None:
    attachment = draw(quiet_weeks(), "Sam's last 8 weeks", "America/New_York")
    picture = image(attachment.data)
    assert picture.width >= 800 and picture.height >= 400
    assert distinct_colours(picture) > 20  # axes, labels, legend, the note
    for colour in PALETTE.values():
        assert not pixels_of(picture, colour)  # no bars
    note_box = pixels_of(picture, "#F2F2F2")
    assert len(note_box) > 5_000  # the note's panel across the middle of the plot
    xs = [x for x, _y in note_box]
    assert min(xs) < 400 < max(xs)


def test_the_quiet_note_is_only_for_a_quiet_history() -> None:
    assert len(pixels_of(image(draw(weeks(), "Busy").data), "#F2F2F2")) < 500  # antialiasing


@pytest.mark.parametrize(
    "title",
    [
        "<!channel> <@U123> @everyone",
        r"$x$ and $\frac{1}{$",  # an unbalanced fraction: a mathtext parser would raise
        r"$\notacommand$",  # an unknown symbol: the same
        "Grupo de búsqueda — 日本語 🎉 Ünïcödé",
        "A\x00B\x1b[31m\u202eC\r\n\tD",  # control and bidi characters
        "Very long title " * 60,
        "",
        "$" * 500,
    ],
)
def test_member_text_is_drawn_plainly_whatever_it_holds(title: str) -> None:
    picture = image(draw(weeks(), title, tz_label=title).data)
    assert picture.width >= 800 and picture.height >= 400


def test_a_long_title_is_wrapped_to_two_lines_and_cut() -> None:
    shown = plain("word " * 100, 60, 2)
    assert len(shown.splitlines()) == 2 and shown.endswith("…")
    assert all(len(line) <= 60 for line in shown.splitlines())
    assert plain("Tab\tand\nnewline\x00", 60, 2) == "Tab and newline"


def test_weeks_are_labelled_day_and_month_in_english_whatever_the_locale() -> None:
    assert week_label(date(2026, 12, 7)) == "7 Dec"
    assert week_label(date(2027, 1, 4)) == "4 Jan"


def test_only_the_last_eight_weeks_are_drawn() -> None:
    longer = [WeekCounts(FIRST_MONDAY - timedelta(weeks=4 - i)) for i in range(4)] + weeks()
    assert draw(longer, "Group").data == draw(weeks(), "Group").data


def test_counts_are_never_negative_and_a_chart_needs_a_week() -> None:
    with pytest.raises(ValueError):
        WeekCounts(FIRST_MONDAY, {ActivityKind.APPLIED: -1})
    with pytest.raises(ValueError):
        draw([], "Nothing")


def test_two_threads_drawing_at_once_get_the_charts_they_asked_for() -> None:
    asks = [(weeks(), "Busy group"), (quiet_weeks(), "Quiet group")] * 3
    alone = [draw(history, title).data for history, title in asks]
    with ThreadPoolExecutor(max_workers=len(asks)) as pool:
        together = list(pool.map(lambda ask: draw(*ask).data, asks))
    assert together == alone


def test_one_draw_is_timed_for_the_record() -> None:
    """Not a timing test (`python -m bench chart` is): it prints one draw's time with `-s`."""
    draw(weeks(), "Warm-up")
    started = time.perf_counter()
    draw(weeks(), "Group", "Europe/Berlin")
    print(f"one chart drawn in {(time.perf_counter() - started) * 1000:.0f} ms")


IMPORT_CHECK = """
import importlib, sys
for name in {names!r}:
    importlib.import_module(name)
loaded = sorted(m for m in ("matplotlib", "PIL") if m in sys.modules)
{then}
print(",".join(loaded))
"""


def loaded_after(names: list[str], then: str = "") -> str:
    script = IMPORT_CHECK.format(names=names, then=then)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def core_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if "runtime" in parts or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_importing_the_core_and_the_chart_module_loads_no_matplotlib() -> None:
    """Start-up time and memory stay as they were for a process that never draws."""
    named = ["bot.core", "bot.commands.registry", "bot.rhythm.posts", "bot.momentum.chart"]
    assert loaded_after(named + core_modules()) == ""


def test_the_import_check_can_fail() -> None:
    drawn = (
        "from datetime import date\n"
        "from bot.momentum.chart import WeekCounts, draw\n"
        "draw([WeekCounts(date(2026, 12, 7))], 'x')\n"
        'loaded = sorted(m for m in ("matplotlib", "PIL") if m in sys.modules)'
    )
    assert loaded_after(["bot.momentum.chart"], then=drawn) == "PIL,matplotlib"
