"""The core's front door: one command and the current time in, the messages to send out.

It never sends, never reads the clock and never reads the environment, which is why the console,
the tests and every platform run exactly this code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import astuple, replace
from datetime import datetime

from bot import account, checkins, followups, home, nudges, parsing, timezones
from bot.context import Context
from bot.ports import Repository, UnitOfWork
from bot.values import Actor, ButtonPress, Command, Outbound, SlashCommand

log = logging.getLogger(__name__)

ButtonHandler = Callable[[Context, str], list[Outbound]]
MAX_ID = 2**63 - 1  # the largest row id any of our databases stores


def button_id(value: str) -> int | None:
    """The row id a button carries, or None for a value no button of ours carries.

    `str.isdigit` alone is not enough: `²` is a digit to it but not to `int`, and a long run of
    digits is past what `int` parses or the database can bind.
    """
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def _by_id(handler: Callable[[Context, int], list[Outbound]]) -> ButtonHandler:
    def handle(ctx: Context, value: str) -> list[Outbound]:
        row = button_id(value)
        return [ctx.problem("gone")] if row is None else handler(ctx, row)

    return handle


def _followup_action(action_id: str) -> ButtonHandler:
    return _by_id(lambda ctx, followup_id: followups.press(ctx, action_id, followup_id))


BUTTONS: dict[str, ButtonHandler] = {
    checkins.UNDO: _by_id(checkins.undo),
    checkins.FIRST_DRAFT: _by_id(checkins.first_draft),
    nudges.SHOW_DRAFT: _by_id(checkins.show_draft),
    nudges.EDIT: _by_id(checkins.show_draft),
    nudges.DONE: _followup_action(nudges.DONE),
    nudges.SNOOZE_DAY: _followup_action(nudges.SNOOZE_DAY),
    nudges.SNOOZE_WEEK: _followup_action(nudges.SNOOZE_WEEK),
    nudges.SKIP: _followup_action(nudges.SKIP),
    account.FORGET_CONFIRM: account.forget,
    account.FORGET_CANCEL: lambda ctx, _value: account.keep(ctx),
}


class Core:
    def __init__(self, uow: UnitOfWork, default_timezone: str = "UTC") -> None:
        self._uow = uow
        self._default_timezone = default_timezone

    def handle(self, command: Command, now: datetime) -> list[Outbound]:
        if now.tzinfo is None:
            raise ValueError("the core works in timezone-aware time only")
        with self._uow() as repo:
            ctx = self._context(repo, command.actor, now)
            if isinstance(command, SlashCommand):
                result = _slash(ctx, command)
            else:
                result = _button(ctx, command)
        log.info(
            "command handled",
            extra={
                "platform": command.actor.platform,
                "command": command.name if isinstance(command, SlashCommand) else command.action_id,
                "replies": len(result),
            },
        )
        return result

    def _context(self, repo: Repository, platform_actor: Actor, now: datetime) -> Context:
        actor = _storable(platform_actor)
        member = repo.ensure_member(actor, now)
        if not member.dm_open:
            # Someone who talks to us again may have reopened their DMs: try them again.
            member = replace(member, dm_open=True)
            repo.save_member(member)
        hint = timezones.canonical(actor.timezone_hint) if actor.timezone_hint else None
        if member.timezone is None and hint:
            # The platform's idea of the member's zone, until they set one themselves.
            member = replace(member, timezone=hint)
            repo.save_member(member)
        group = repo.get_group(actor.platform, actor.workspace_id, actor.channel_id)
        group_tz = group.timezone if group and group.timezone else self._default_timezone
        return Context(repo, actor, member, timezones.effective(member.timezone, group_tz), now)

    def home(self, actor: Actor, now: datetime) -> Outbound:
        """A member's own overview (Slack's App Home): open follow-ups and their week."""
        with self._uow() as repo:
            return home.overview(self._context(repo, actor, now))

    def draft(self, actor: Actor, followup_id: int, now: datetime) -> tuple[str, str] | None:
        """Subject and body to prefill an editor, if this follow-up is the actor's own."""
        with self._uow() as repo:
            ctx = self._context(repo, actor, now)
            followup = repo.get_followup(followup_id)
            if followup is None or followup.member_id != ctx.member.id:
                return None
            return nudges.draft_text(followup)


def _storable(actor: Actor) -> Actor:
    """The actor without lone surrogates or NUL, which databases do not store as text.

    Platforms hand them over from undecodable bytes (a console on the C locale) or a JSON
    `\\udc80` or `\\u0000` escape in a name (PostgreSQL refuses NUL in text); dropping them keeps
    the member's commands working.
    """

    def drop(text: str) -> str:
        return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")

    return Actor(*(drop(value) for value in astuple(actor)))


def _slash(ctx: Context, command: SlashCommand) -> list[Outbound]:
    request = parsing.parse(command.name, command.text)
    match request:
        case parsing.Problem(message=key, params=params):
            return [ctx.problem(key, dict(params))]
        case parsing.LogRejection():
            return checkins.log_rejection(ctx, request)
        case parsing.LogApplied():
            return checkins.log_applied(ctx, request)
        case parsing.LogNetworking():
            return checkins.log_networking(ctx, request)
        case parsing.LogEvent():
            return checkins.log_event(ctx, request)
        case parsing.ShowMomentum():
            return checkins.show_momentum(ctx)
        case parsing.LogFeedback():
            return checkins.log_feedback(ctx, request)
        case parsing.ListFollowUps():
            return followups.list_followups(ctx)
        case parsing.ShowHelp():
            return account.show_help(ctx)
        case parsing.SetTimezone():
            return account.set_timezone(ctx, request)
        case parsing.SetQuietHours():
            return account.set_quiet_hours(ctx, request)
        case parsing.SetWeekends():
            return account.set_weekends(ctx, request)
        case parsing.SetPrivacy():
            return account.set_privacy(ctx, request)
        case parsing.ExportData():
            return account.export(ctx)
        case parsing.ForgetMe():
            return account.ask_forget(ctx)


def _button(ctx: Context, press: ButtonPress) -> list[Outbound]:
    handler = BUTTONS.get(press.action_id)
    if handler is None:
        return [ctx.problem("gone")]
    return handler(ctx, press.value)
