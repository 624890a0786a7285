"""What a changed group setting does to what is already planned, in local time.

- cadence, default quiet hours or weekends: each affected member's pending follow-ups (not yet
  sent, and not snoozed: a snooze is the member's own choice of time) are planned again from
  the rejection's logging time in the member's zone; a time already past becomes due now, so
  it is sent, not missed. Quiet hours and weekends affect only members who never chose theirs.
- timezone: waiting follow-ups of members without a zone of their own keep their wall-clock
  time in the new zone (as `/rebound timezone` does for one member).
- summary, networking or posts off: a post of the old rhythm not yet sent is cancelled; the new
  slot starts from now (`bot.rhythm.slots.starts`), so a time it already passed is not posted.
"""

from __future__ import annotations

from datetime import datetime

from bot import timezones
from bot.context import Context
from bot.delivery import planning
from bot.delivery.timing import next_allowed
from bot.markup import Param
from bot.messages import settings as words
from bot.records import FollowUpState, Group, Member, OccurrenceKind
from bot.rhythm import slots
from bot.values import Outbound

_RHYTHM = {
    "summary": (OccurrenceKind.SUMMARY,),
    "networking": (OccurrenceKind.NETWORKING,),
    "posts": (OccurrenceKind.SUMMARY, OccurrenceKind.NETWORKING),
}


def after_change(ctx: Context, old: Group, new: Group, setting: str) -> list[Outbound]:
    """Reschedule for the change from `old` to `new` (saved already); the admin's answer."""
    group_tz = timezones.effective(new.timezone, ctx.default_tz)
    moved = 0
    if setting == "timezone":
        old_tz = timezones.effective(old.timezone, ctx.default_tz)
        for member in ctx.repo.group_members(new.id):
            if member.timezone is None:
                moved += _keep_wall_clock(ctx, member, old_tz, group_tz)
    elif setting in ("cadence", "quiet", "weekends"):
        for member in ctx.repo.group_members(new.id):
            if (setting == "quiet" and member.quiet_hours_chosen) or (
                setting == "weekends" and member.weekends_chosen
            ):
                continue
            tz = timezones.effective(member.timezone, group_tz)
            moved += _plan_again(ctx, member, tz, new.followup_days)
    cancelled = 0
    if setting in _RHYTHM and (setting != "posts" or not new.posts_on):
        for occurrence in ctx.repo.pending_occurrences(new.id):
            if occurrence.kind in _RHYTHM[setting] and ctx.repo.transition_occurrence(
                occurrence.id, (FollowUpState.PENDING,), FollowUpState.CANCELLED, ctx.now
            ):
                cancelled += 1
    body = [*ctx.blocks(*_answer(ctx, new, setting, group_tz))]
    if moved:
        template = words.REPLANNED if moved == 1 else words.REPLANNED_PLURAL
        body += ctx.blocks(template, {"count": moved})
    if cancelled:
        body += ctx.blocks(words.CANCELLED)
    return [ctx.reply(tuple(body))]


def _plan_again(ctx: Context, member: Member, tz: str, days: str) -> int:
    """Plan each pending follow-up again from its rejection's logging time."""
    moved = 0
    logged: dict[int, datetime] = {}
    for followup in ctx.repo.followups_for_member(member.id):
        if followup.state is not FollowUpState.PENDING:
            continue
        if followup.rejection_id not in logged:
            rejection = ctx.repo.get_rejection(followup.rejection_id)
            if rejection is None:
                continue
            logged[followup.rejection_id] = rejection.logged_at
        at = logged[followup.rejection_id]
        plan = dict(planning.plan(at, tz, member.quiet_hours, member.skip_weekends, days))
        due = max(plan[followup.kind], ctx.now)
        if due != followup.due_at and ctx.repo.transition_followup(
            followup.id, (FollowUpState.PENDING,), FollowUpState.PENDING, ctx.now, due_at=due
        ):
            moved += 1
    return moved


def _keep_wall_clock(ctx: Context, member: Member, old_tz: str, new_tz: str) -> int:
    moved = 0
    for followup in ctx.repo.followups_for_member(member.id):
        if followup.state not in (FollowUpState.PENDING, FollowUpState.SNOOZED):
            continue
        due = planning.move_to_zone(followup.due_at, old_tz, new_tz)
        due = next_allowed(due, new_tz, member.quiet_hours, member.skip_weekends)
        if due != followup.due_at and ctx.repo.transition_followup(
            followup.id, (followup.state,), followup.state, ctx.now, due_at=due
        ):
            moved += 1
    return moved


def _answer(ctx: Context, group: Group, setting: str, tz: str) -> tuple[str, dict[str, Param]]:
    if setting == "timezone":
        now = ctx.now.astimezone(timezones.zone(tz)).strftime("%H:%M")
        return words.TIMEZONE_SET, {"zone": tz, "now": now}
    if setting in ("summary", "networking"):
        spec = group.summary_schedule if setting == "summary" else group.networking_schedule
        slot = slots.parse_slot(spec)
        what = words.SUMMARY_NAME if setting == "summary" else words.NETWORKING_NAME
        if slot is None:
            return words.SLOT_SET_OFF, {"what": what}
        if not group.posts_on:
            return words.SLOT_SET_POSTS_OFF, {"what": what, "slot": str(slot)}
        when = ctx.when(slots.next_fire(slot, tz, ctx.now))
        return words.SLOT_SET, {"what": what, "slot": str(slot), "when": when}
    if setting == "cadence":
        days = planning.cadence(group.followup_days)
        if days is None:
            return words.CADENCE_SET_STANDARD, {"cadence": words.CADENCE_STANDARD}
        first, second, third = days
        cadence = words.CADENCE_DAYS.format(first=first, second=second, third=third)
        return words.CADENCE_SET, {"cadence": cadence}
    if setting == "quiet":
        if not group.default_quiet_hours:
            return words.QUIET_SET_OFF, {}
        start, _, end = group.default_quiet_hours.partition("-")
        return words.QUIET_SET, {"start": start, "end": end}
    if setting == "weekends":
        skip = group.default_skip_weekends
        return (words.WEEKENDS_SET_SKIP if skip else words.WEEKENDS_SET_KEEP), {}
    return (words.POSTS_SET_ON if group.posts_on else words.POSTS_SET_OFF), {}
