"""What the group channel receives on its rhythm: the weekly momentum summary and a networking
prompt. Numbers only, never names or companies, and members who chose `private` are left out."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import markup
from bot.messages import rhythm as words
from bot.records import ActivityKind, Group, Occurrence, OccurrenceKind
from bot.values import Block, Destination, DestinationKind, Fields, LocalTime, Outbound, Span

WEEK = timedelta(days=7)
SUMMARY_ROWS = (
    ("Applications", ActivityKind.APPLIED),
    ("Follow-ups sent", ActivityKind.FOLLOWUP_SENT),
    ("Feedback received", ActivityKind.FEEDBACK),
    ("Networking", ActivityKind.NETWORKED),
    ("Events", ActivityKind.EVENT),
)


def destination(group: Group) -> Destination:
    return Destination(
        DestinationKind.CHANNEL,
        group.platform,
        group.workspace_id,
        channel_id=group.channel_id,
        label=group.name or group.channel_id,
    )


def momentum_blocks(end: datetime, tz: str, counts: dict[ActivityKind, int]) -> tuple[Block, ...]:
    """The group's last seven days up to `end`, in numbers: shared by the weekly post and
    `/momentum`."""
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
        *markup.blocks(words.SUMMARY_MOVING if total else words.SUMMARY_QUIET),
    )


def summary(
    occurrence: Occurrence, group: Group, tz: str, counts: dict[ActivityKind, int]
) -> Outbound:
    body = momentum_blocks(scheduled(occurrence), tz, counts)
    return _post(occurrence, group, tz, body, f"Weekly momentum: {sum(counts.values())} steps")


def networking(occurrence: Occurrence, group: Group, tz: str) -> Outbound:
    week = scheduled(occurrence).isocalendar()[1]
    prompt = words.NETWORKING_PROMPTS[week % len(words.NETWORKING_PROMPTS)]
    body = markup.blocks(words.NETWORKING_INTRO + "\n\n" + prompt + "\n\n" + words.NETWORKING_LOG)
    return _post(occurrence, group, tz, body, "This week's networking prompt")


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
    occurrence: Occurrence, group: Group, tz: str, counts: dict[ActivityKind, int]
) -> Outbound:
    if occurrence.kind is OccurrenceKind.SUMMARY:
        return summary(occurrence, group, tz, counts)
    return networking(occurrence, group, tz)


def scheduled(occurrence: Occurrence) -> datetime:
    """The slot's own time: `due_at` moves with each retry, the week it sums up does not."""
    return occurrence.scheduled_at or occurrence.due_at


def summary_window(occurrence: Occurrence) -> tuple[datetime, datetime]:
    end = scheduled(occurrence)
    return end - WEEK, end
