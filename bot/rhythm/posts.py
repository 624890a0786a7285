"""What the group channel receives on its rhythm: the weekly momentum summary and a networking
prompt.

The summary is numbers, plus, for members whose privacy is `full` (and only them), their name
with the companies they applied to or followed up with. Never a note, never feedback, never a
rejection as such; `counts` members only add to the numbers, `private` members are left out."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import markup
from bot.commands.menu import Menu
from bot.messages import rhythm as words
from bot.records import ActivityKind, Group, Occurrence, OccurrenceKind, SharedStep
from bot.values import (
    Block,
    BulletList,
    Destination,
    DestinationKind,
    Fields,
    Line,
    LocalTime,
    Outbound,
    Span,
)

WEEK = timedelta(days=7)
SUMMARY_ROWS = tuple((label, kind) for kind, label in words.ROW_LABELS.items())
SHARED_KINDS = (
    (ActivityKind.APPLIED, words.SHARED_APPLIED),
    (ActivityKind.FOLLOWUP_SENT, words.SHARED_FOLLOWED_UP),
)
MAX_COMPANIES = 5  # per member and kind: a summary stays readable on a phone


def destination(group: Group) -> Destination:
    return Destination(
        DestinationKind.CHANNEL,
        group.platform,
        group.workspace_id,
        channel_id=group.channel_id,
        label=group.name or group.channel_id,
    )


def momentum_blocks(
    end: datetime,
    tz: str,
    counts: dict[ActivityKind, int],
    shared: list[SharedStep] | tuple[SharedStep, ...] = (),
) -> tuple[Block, ...]:
    """The group's last seven days up to `end`, in numbers (and the steps `full` members share by
    name): shared by the weekly post and `/momentum`."""
    total = sum(counts.values())
    return (
        *markup.blocks(
            words.SUMMARY_TITLE,
            {
                "start": LocalTime(end - WEEK, tz, "date"),
                "end": LocalTime(end - timedelta(seconds=1), tz, "date"),
            },
        ),
        Fields(tuple((label, (Span(str(counts.get(kind, 0))),)) for label, kind in SUMMARY_ROWS)),
        *shared_blocks(shared),
        *markup.blocks(words.SUMMARY_MOVING if total else words.SUMMARY_QUIET),
    )


def shared_blocks(shared: list[SharedStep] | tuple[SharedStep, ...]) -> tuple[Block, ...]:
    """One line per member who chose `full`: "Sam: applied to Globex; followed up with Acme"."""
    by_member: dict[int, list[SharedStep]] = {}
    for step in shared:
        by_member.setdefault(step.member_id, []).append(step)
    lines: list[Line] = []
    for steps in by_member.values():
        parts = []
        for kind, template in SHARED_KINDS:
            companies = list(dict.fromkeys(s.company for s in steps if s.kind is kind))
            if companies:
                parts.append(markup.line(template, {"companies": _listing(companies)}))
        if parts:
            name = steps[-1].display_name or words.SHARED_NAMELESS
            line: Line = markup.line(words.SHARED_MEMBER, {"name": name})
            for index, part in enumerate(parts):
                line += ((Span("; "),) if index else ()) + part
            lines.append(line)
    if not lines:
        return ()
    return (*markup.blocks(words.SHARED_INTRO), BulletList(tuple(lines)))


def _listing(companies: list[str]) -> str:
    """ "Acme, Globex and Initech", or "… and 2 more" past MAX_COMPANIES."""
    shown, hidden = companies[:MAX_COMPANIES], len(companies) - MAX_COMPANIES
    if hidden > 0:
        return ", ".join(shown) + words.SHARED_MORE.format(count=hidden)
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def summary(
    occurrence: Occurrence,
    group: Group,
    tz: str,
    counts: dict[ActivityKind, int],
    shared: list[SharedStep] | tuple[SharedStep, ...] = (),
) -> Outbound:
    body = momentum_blocks(scheduled(occurrence), tz, counts, shared)
    steps = sum(counts.values())
    template = words.SUMMARY_HEADLINE if steps == 1 else words.SUMMARY_HEADLINE_PLURAL
    headline = template.format(steps=steps)
    return _post(occurrence, group, tz, body, headline)


def networking(occurrence: Occurrence, group: Group, tz: str, menu: Menu | None = None) -> Outbound:
    """`menu`: how the group's platform spells `/networked` (maybe `/rebound networked`)."""
    week = scheduled(occurrence).isocalendar()[1]
    prompt = words.NETWORKING_PROMPTS[week % len(words.NETWORKING_PROMPTS)]
    log_it = (menu or Menu()).rewrite(words.NETWORKING_LOG)
    body = markup.blocks(words.NETWORKING_INTRO + "\n\n" + prompt + "\n\n" + log_it)
    return _post(occurrence, group, tz, body, words.NETWORKING_SUMMARY)


def _post(
    occurrence: Occurrence, group: Group, tz: str, body: tuple[Block, ...], summary: str
) -> Outbound:
    return Outbound(
        destination(group),
        body,
        summary=summary,
        due_at=LocalTime(scheduled(occurrence), tz),
        work_keys=(occurrence.key,),
    )


def build(
    occurrence: Occurrence,
    group: Group,
    tz: str,
    counts: dict[ActivityKind, int],
    shared: list[SharedStep] | tuple[SharedStep, ...] = (),
    menu: Menu | None = None,
) -> Outbound:
    if occurrence.kind is OccurrenceKind.SUMMARY:
        return summary(occurrence, group, tz, counts, shared)
    return networking(occurrence, group, tz, menu)


def scheduled(occurrence: Occurrence) -> datetime:
    """The slot's own time: `due_at` moves with each retry, the week it sums up does not."""
    return occurrence.scheduled_at or occurrence.due_at


def summary_window(occurrence: Occurrence) -> tuple[datetime, datetime]:
    end = scheduled(occurrence)
    return end - WEEK, end
