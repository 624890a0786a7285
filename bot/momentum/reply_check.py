"""One DM a week after a follow-up was marked sent (the "I sent it" button, or the draft
editor), asking whether the employer replied.

Planned as an occurrence when the follow-up is marked sent, keyed by the follow-up and the
moment it was marked (`reply:<followup>:<microseconds since 1970>`), so restarts and replicas
add one row, and a follow-up id SQLite reuses after an undo never finds the old row in its
way. It is stored under the member's group (`bot.goals.home.zone_of`): a member with no group
gets no DM, as with the goal nudge. Whether it still applies (the follow-up still there, not
answered yet) is decided when it goes out (`bot.delivery.reply_jobs`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import markup
from bot.goals.home import zone_of
from bot.messages import momentum_replies as words
from bot.messages.replies import EMAIL_NAMES
from bot.ports import Repository
from bot.records import FollowUp, FollowUpState, Member, Occurrence, OccurrenceKind
from bot.values import (
    Actions,
    Button,
    ButtonStyle,
    Destination,
    DestinationKind,
    LocalTime,
    Outbound,
)

KEY_PREFIX = "reply"
WAIT = timedelta(days=7)  # after the follow-up was marked sent
GRACE = timedelta(days=7)  # later than this after its time (Rebound was away): missed
# The buttons: answered privately, and may be pressed again to change the answer.
FEEDBACK = "reply.feedback"
REPLIED = "reply.replied"
NONE = "reply.none"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def stamp(marked_at: datetime) -> int:
    """The moment a follow-up was marked sent, in whole microseconds (exact: no float)."""
    return (marked_at - EPOCH) // timedelta(microseconds=1)


def key(followup_id: int, marked_at: datetime) -> str:
    return f"{KEY_PREFIX}:{followup_id}:{stamp(marked_at)}"


def parse(occurrence_key: str) -> tuple[int, int] | None:
    """The follow-up id and when it was marked sent (`stamp`), or None for any other key."""
    parts = occurrence_key.split(":")
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    if not all(part.isascii() and part.isdigit() for part in parts[1:]):
        return None
    return int(parts[1]), int(parts[2])


def plan(
    repo: Repository, member: Member, followup_id: int, marked_at: datetime, default_tz: str
) -> bool:
    """Plan the DM a week after `marked_at`; True when planned (False: no group, or planned)."""
    _tz, group_id = zone_of(repo, member, default_tz)
    if group_id is None:
        return False
    return repo.add_occurrence(
        key(followup_id, marked_at),
        OccurrenceKind.REPLY_CHECK,
        group_id,
        marked_at + WAIT,
        marked_at,
    )


def still_asks(repo: Repository, occurrence_key: str) -> FollowUp | None:
    """The follow-up the DM asks about, while it should still ask: marked sent at the moment
    the key names (not undone, not forgotten, not an id reused since) and not answered yet."""
    parsed = parse(occurrence_key)
    followup = repo.get_followup(parsed[0]) if parsed is not None else None
    if parsed is None or followup is None or followup.done_at is None:
        return None
    if followup.state is not FollowUpState.DONE or followup.reply_outcome is not None:
        return None
    return followup if stamp(followup.done_at) == parsed[1] else None


def message(occurrence: Occurrence, member: Member, followup: FollowUp, tz: str) -> Outbound:
    where = Destination(
        DestinationKind.DM,
        member.platform,
        member.workspace_id,
        user_id=member.user_id,
        label=member.display_name,
    )
    value = str(followup.id)
    params: dict[str, markup.Param] = {
        "email": EMAIL_NAMES[followup.kind],
        "company": followup.company,
    }
    body = (
        *markup.blocks(words.ASK, params),
        Actions(
            (
                Button(words.FEEDBACK_BUTTON, FEEDBACK, value, ButtonStyle.PRIMARY),
                Button(words.REPLIED_BUTTON, REPLIED, value),
                Button(words.NONE_BUTTON, NONE, value),
            )
        ),
    )
    return Outbound(
        where,
        body,
        summary=words.ASK_SUMMARY.format(company=followup.company),
        due_at=LocalTime(occurrence.due_at, tz),  # after quiet hours held it, if they did
        work_keys=(occurrence.key,),
    )
