"""The buttons on each command's answers, with the handler a press reaches.

The registry (`bot.commands.registry`) lists these under the command whose answers carry them,
so the core's button table and each platform's action matching are derived, never typed twice.
A button's value is whatever its handler needs; one that no longer reads gets "gone".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands import account, checkins, followups, undo
from bot.context import Context
from bot.delivery import nudges
from bot.events import attendance, reminder_messages
from bot.ids import button_id
from bot.momentum import reply_answers
from bot.values import Outbound

ButtonHandler = Callable[[Context, str], list[Outbound]]


@dataclass(frozen=True)
class ButtonAction:
    action_id: str
    handle: ButtonHandler


def _by_id(handler: Callable[[Context, int], list[Outbound]]) -> ButtonHandler:
    def handle(ctx: Context, value: str) -> list[Outbound]:
        row = button_id(value)
        return [ctx.problem("gone")] if row is None else handler(ctx, row)

    return handle


def _followup_action(action_id: str) -> ButtonHandler:
    def handle(ctx: Context, value: str) -> list[Outbound]:
        parsed = nudges.parse_value(value)
        if parsed is None:
            return [ctx.problem("gone")]
        return followups.press(ctx, action_id, *parsed)

    return handle


def _followup_draft(ctx: Context, value: str) -> list[Outbound]:
    parsed = nudges.parse_value(value)
    return checkins.show_draft(ctx, parsed[0]) if parsed else [ctx.problem("gone")]


def _reply(action_id: str) -> ButtonHandler:
    def handle(ctx: Context, value: str) -> list[Outbound]:
        return reply_answers.answer(ctx, action_id, value)

    return handle


def _more(ctx: Context, value: str) -> list[Outbound]:
    return followups.list_followups(ctx, after=value)


REJECTED = (
    ButtonAction(checkins.UNDO, _by_id(undo.undo)),
    ButtonAction(undo.CONFIRM, _by_id(undo.confirm)),
    ButtonAction(undo.KEEP, _by_id(undo.keep)),
    ButtonAction(checkins.FIRST_DRAFT, _by_id(checkins.first_draft)),
)
# On the answer to /applied, /networked and /event alike: one action, one handler.
UNDO_ACTIVITY = (ButtonAction(checkins.UNDO_ACTIVITY, checkins.undo_activity),)
# On /followups and on the nudges its follow-ups become.
FOLLOWUPS = (
    ButtonAction(followups.MORE, _more),
    ButtonAction(nudges.SHOW_DRAFT, _followup_draft),
    ButtonAction(nudges.EDIT, _followup_draft),
    ButtonAction(nudges.DONE, _followup_action(nudges.DONE)),
    ButtonAction(nudges.SNOOZE_DAY, _followup_action(nudges.SNOOZE_DAY)),
    ButtonAction(nudges.SNOOZE_WEEK, _followup_action(nudges.SNOOZE_WEEK)),
    ButtonAction(nudges.SKIP, _followup_action(nudges.SKIP)),
    # On the DM a week after a follow-up was marked sent: did they reply?
    *(ButtonAction(action, _reply(action)) for action in reply_answers.OUTCOMES),
)
# On the "did you make it?" DM after an event a member said they were going to.
EVENT_ATTENDANCE = (
    ButtonAction(reminder_messages.WENT, attendance.went),
    ButtonAction(reminder_messages.MISSED, attendance.missed),
)
FORGET = (
    ButtonAction(account.FORGET_CONFIRM, account.forget),
    ButtonAction(account.FORGET_CANCEL, account.keep),
)
