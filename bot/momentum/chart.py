"""The momentum chart: a group's (or one member's) last eight weeks of steps, by kind, as a PNG
that the weekly summary and `/momentum` attach.

Pure: weeks of counts in, an `Attachment` out; nothing is read or stored here. matplotlib is
imported inside `draw` only, so a process that never draws a chart (every command but a few)
keeps its start-up time and memory. It draws on its own `Figure` with the Agg canvas, never
through pyplot: no global figure registry to leak into and no backend switch, so two threads
may draw at once. No rcParams are changed either (they are process-wide).

Member text (the title may carry a group's or member's name) is drawn as plain text: mathtext
(`$x$`) and TeX are off for it, control characters are dropped and it is shortened to fit.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.messages import chart as words
from bot.messages.rhythm import ROW_LABELS
from bot.records import ActivityKind
from bot.values import Attachment

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WEEKS = 8  # the chart's span: two months is a trend, not a single good or bad week
WIDTH_IN, HEIGHT_IN, DPI = 10.0, 5.0, 100  # 1000x500 pixels: readable in a chat preview
TITLE_WIDTH, TITLE_LINES = 60, 2  # characters a line, lines at most
ZONE_LIMIT = 64
MIN_Y_TOP = 4  # an almost empty chart still has a few integer ticks to read against
# Okabe-Ito: told apart with every common kind of colour blindness, and in greyscale by order.
PALETTE: Mapping[ActivityKind, str] = {
    ActivityKind.APPLIED: "#0072B2",  # blue
    ActivityKind.FOLLOWUP_SENT: "#E69F00",  # orange
    ActivityKind.FEEDBACK: "#009E73",  # bluish green
    ActivityKind.NETWORKED: "#CC79A7",  # reddish purple
    ActivityKind.EVENT: "#56B4E9",  # sky blue
}
REJECTIONS_COLOUR = "#000000"  # Okabe-Ito black, a dashed line: apart from the steps, not alarming
STACK_ORDER = tuple(PALETTE)  # bottom to top
GRID_COLOUR, TEXT_COLOUR, QUIET_COLOUR = "#DDDDDD", "#222222", "#555555"
# A character DejaVu Sans lacks (an emoji, CJK in a name) is drawn as a box; matplotlib's warning
# would put that character of member text on stderr, once per character, for nothing to act on.
MISSING_GLYPH = r"Glyph \d+ .* missing from font"
# Member text is data: never mathtext, never TeX.
PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}


@dataclass(frozen=True)
class WeekCounts:
    """One week of the chart: the date it starts on (a Monday, in the reader's zone), the steps
    logged in it by kind, and the rejections logged, if the chart should show them (None: the
    series is left out, for a chart that has no business counting them)."""

    start: date
    counts: Mapping[ActivityKind, int] = field(default_factory=dict)
    rejections: int | None = None

    def __post_init__(self) -> None:
        if any(n < 0 for n in self.counts.values()) or (self.rejections or 0) < 0:
            raise ValueError("a week's counts are never negative")

    def count(self, kind: ActivityKind) -> int:
        return self.counts.get(kind, 0)

    @property
    def steps(self) -> int:
        return sum(self.count(kind) for kind in STACK_ORDER)


def draw(weeks: Sequence[WeekCounts], title: str, tz_label: str = "") -> Attachment:
    """The last `WEEKS` of `weeks` (oldest first) as stacked bars by kind, with each week's
    total above its bar and, when given, rejections as a dashed line; an all-quiet history
    gets a kind note across it instead of an empty grid. `title` and `tz_label` (the zone the
    weeks were counted in, such as "Europe/Berlin") are member-facing text, drawn plainly."""
    shown = tuple(weeks)[-WEEKS:]
    if not shown:
        raise ValueError("a chart needs at least one week")
    # Imported here, not at the top: see the module's docstring.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    warnings.filterwarnings("ignore", MISSING_GLYPH, UserWarning)  # idempotent: kept once
    heading = plain(title, TITLE_WIDTH, TITLE_LINES)
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    top = 0.84 - 0.05 * heading.count("\n")  # room for a title that needed two lines
    figure.subplots_adjust(left=0.07, right=0.77, top=top, bottom=0.12)
    axes = figure.add_subplot()
    try:
        _bars(axes, shown)
        _frame(axes, shown, heading, tz_label)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    finally:
        figure.clear()  # frees the artists now rather than at the next garbage collection
    return Attachment(
        filename=f"momentum-{shown[-1].start.isoformat()}.png",
        mime_type="image/png",
        data=buffer.getvalue(),
    )


def _bars(axes: Axes, weeks: tuple[WeekCounts, ...]) -> None:
    positions = list(range(len(weeks)))
    bottoms = [0] * len(weeks)
    for kind in STACK_ORDER:
        heights = [week.count(kind) for week in weeks]
        axes.bar(
            positions, heights, 0.65, bottom=bottoms, color=PALETTE[kind],
            edgecolor="white", linewidth=0.8, label=ROW_LABELS.get(kind, kind.value), zorder=2,
        )  # fmt: skip
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for x, total in zip(positions, bottoms, strict=True):
        if total:
            axes.text(
                x, total, str(total), ha="center", va="bottom", fontsize=11,
                color=TEXT_COLOUR, fontweight="bold", fontdict=PLAIN,
            )  # fmt: skip
    if any(week.rejections is not None for week in weeks):
        axes.plot(
            positions, [week.rejections or 0 for week in weeks], color=REJECTIONS_COLOUR,
            linestyle="--", linewidth=1.8, marker="o", markersize=6, label=words.REJECTIONS,
            zorder=3,
        )  # fmt: skip


def _frame(axes: Axes, weeks: tuple[WeekCounts, ...], heading: str, tz_label: str) -> None:
    """Axes, labels, legend and title (`heading`, already `plain`); the quiet note when nothing
    at all was logged."""
    from matplotlib.ticker import MaxNLocator

    highest = max(max(w.steps, w.rejections or 0) for w in weeks)
    axes.set_ylim(0, max(MIN_Y_TOP, highest * 1.15 + 0.5))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))
    axes.set_xlim(-0.6, len(weeks) - 0.4)
    axes.set_xticks(list(range(len(weeks))), [week_label(w.start) for w in weeks], **PLAIN)
    axes.tick_params(labelsize=11, colors=TEXT_COLOUR)
    axes.set_xlabel(words.X_LABEL, fontsize=12, color=TEXT_COLOUR, fontdict=PLAIN)
    axes.set_ylabel(words.Y_LABEL, fontsize=12, color=TEXT_COLOUR, fontdict=PLAIN)
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8, zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    legend = axes.legend(
        loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=11,
        reverse=True,  # top of the stack first, as the eye meets it
    )  # fmt: skip
    for text in legend.get_texts():
        text.set_parse_math(False)
    axes.set_title(
        heading, loc="left", fontsize=15, fontweight="bold",
        color=TEXT_COLOUR, pad=22 if tz_label else 10, fontdict=PLAIN,
    )  # fmt: skip
    zone = plain(tz_label, ZONE_LIMIT, 1)
    if zone:
        note = words.ZONE_NOTE.format(zone=zone)
        axes.text(
            0.0, 1.02, note, transform=axes.transAxes, fontsize=10, color=QUIET_COLOUR,
            ha="left", va="bottom", fontdict=PLAIN,
        )  # fmt: skip
    if highest == 0:
        axes.text(
            0.5, 0.55, words.QUIET, transform=axes.transAxes, ha="center", va="center",
            fontsize=16, color=QUIET_COLOUR, style="italic", zorder=4,
            bbox={"boxstyle": "round,pad=0.6", "facecolor": "#F2F2F2", "edgecolor": GRID_COLOUR},
            fontdict=PLAIN,
        )  # fmt: skip


def week_label(start: date) -> str:
    """ "7 Dec": short, and the same whatever the server's locale."""
    return words.WEEK_LABEL.format(day=start.day, month=words.MONTHS[start.month - 1])


def plain(text: str, width: int, lines: int) -> str:
    """Member text made safe to draw: control and format characters dropped (they have no glyph
    and some upset layout), whitespace collapsed, wrapped at `width` to at most `lines` lines,
    the last ending in "…" when cut."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or not unicodedata.category(ch).startswith("C")
    )
    wrapped = textwrap.wrap(" ".join(kept.split()), width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)
