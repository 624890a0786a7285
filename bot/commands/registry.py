"""Every command Rebound understands, declared once: its name, words, grammar, handler, buttons.

Parsing, dispatch, `/rebound help`, Slack's manifest and Discord's commands are all read from
here, so a command added to `REGISTRY` reaches every platform without an adapter change.
`/rebound` is the umbrella: it also reaches every other command by name (`/rebound feedback
Acme: ...`), for workspaces where another app took `/feedback`.
"""

from __future__ import annotations

from dataclasses import replace

from bot.commands import account, checkins, feedback, followups, parsing, suggestions
from bot.commands import buttons as answer_buttons
from bot.commands.combined import or_list as _or_list
from bot.commands.combined import setting as _setting
from bot.commands.declare import Call, Command, Option, Registry
from bot.commands.group_commands import GROUP_COMMANDS
from bot.events import commands as events
from bot.events import grammar as event_grammar
from bot.goals import commands as goal_commands
from bot.messages import commands as menu_words
from bot.momentum import commands as momentum

__all__ = ["COMMANDS", "REGISTRY", "Call", "Command", "Option", "Registry", "parse"]

_COMPANY = Option("company", menu_words.OPTION_COMPANY, required=True)
_THEIR_COMPANY = replace(_COMPANY, suggest=suggestions.rejected_companies)  # for /feedback

REGISTRY = Registry(
    commands=(
        Command(
            "rejected",
            menu_words.REJECTED,
            parsing.rejected,
            _or_list(checkins.log_rejection),
            options=(
                _COMPANY,
                Option("role", menu_words.OPTION_ROLE, marker="role:"),
                Option("stage", menu_words.OPTION_STAGE, marker="stage:"),
                Option("note", menu_words.OPTION_NOTE, marker="note:"),
            ),
            buttons=answer_buttons.REJECTED,
        ),
        Command(
            "followups",
            menu_words.FOLLOWUPS,
            parsing.followups,
            lambda ctx, _: followups.list_followups(ctx),
            buttons=answer_buttons.FOLLOWUPS,
        ),
        Command(
            "feedback",
            menu_words.FEEDBACK,
            parsing.feedback,
            _or_list(feedback.log_feedback),
            options=(
                _THEIR_COMPANY,
                Option("said", menu_words.OPTION_SAID, required=True, marker=":"),
            ),
        ),
        Command(
            "applied",
            menu_words.APPLIED,
            parsing.applied,
            checkins.log_applied,
            options=(_COMPANY, Option("role", menu_words.OPTION_ROLE, marker="role:")),
            buttons=answer_buttons.UNDO_ACTIVITY,
        ),
        Command(
            "networked",
            menu_words.NETWORKED,
            parsing.networked,
            checkins.log_networking,
            options=(Option("what", menu_words.OPTION_NETWORKED, required=True),),
            buttons=answer_buttons.UNDO_ACTIVITY,
        ),
        Command(
            "event",
            menu_words.EVENT,
            event_grammar.parse,
            events.handle,
            options=events.OPTIONS,
            buttons=(
                *answer_buttons.UNDO_ACTIVITY,
                *events.BUTTONS,
                *answer_buttons.EVENT_ATTENDANCE,
            ),
        ),
        Command(
            "momentum",
            menu_words.MOMENTUM,
            momentum.parse,
            momentum.handle,
            options=(Option("view", menu_words.OPTION_MOMENTUM),),
        ),
    ),
    umbrella="rebound",
    umbrella_words=menu_words.REBOUND,
    subcommands=(
        Command("help", menu_words.HELP, parsing.help_topic, lambda ctx, _: account.show_help(ctx)),
        Command(
            "timezone",
            menu_words.TIMEZONE,
            parsing.timezone,
            _setting(account.set_timezone),
            options=(Option("zone", menu_words.OPTION_ZONE, suggest=suggestions.zones),),
            aliases=("tz",),
        ),
        Command(
            "quiet",
            menu_words.QUIET,
            parsing.quiet,
            _setting(account.set_quiet_hours),
            options=(Option("hours", menu_words.OPTION_QUIET),),
        ),
        Command(
            "weekends",
            menu_words.WEEKENDS,
            parsing.weekends,
            _setting(account.set_weekends),
            options=(Option("choice", menu_words.OPTION_WEEKENDS),),
        ),
        Command(
            "privacy",
            menu_words.PRIVACY,
            parsing.privacy,
            _setting(account.set_privacy),
            options=(Option("level", menu_words.OPTION_PRIVACY),),
        ),
        Command(
            "goal",
            menu_words.GOAL,
            goal_commands.parse,
            goal_commands.handle,
            options=(
                Option("kind", menu_words.OPTION_GOAL_KIND),
                Option("count", menu_words.OPTION_GOAL_COUNT),
            ),
            aliases=("goals",),
        ),
        Command("export", menu_words.EXPORT, parsing.export, lambda ctx, _: account.export(ctx)),
        Command(
            "forget",
            menu_words.FORGET,
            parsing.forget,
            lambda ctx, _: account.ask_forget(ctx),
            buttons=answer_buttons.FORGET,
        ),
        *GROUP_COMMANDS,
    ),
)
COMMANDS = REGISTRY.names
parse = REGISTRY.parse
