"""Every command Rebound understands, declared once: its name, words, grammar, handler, buttons.

Parsing, dispatch, `/rebound help`, Slack's manifest and Discord's commands are all read from
here, so a command added to `REGISTRY` reaches every platform without an adapter change.
`/rebound` is the umbrella: it also reaches every other command by name (`/rebound feedback
Acme: ...`), for workspaces where another app took `/feedback`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from bot.commands import account, checkins, feedback, followups, parsing, setup, suggestions
from bot.commands import buttons as answer_buttons
from bot.commands.buttons import ButtonAction, ButtonHandler
from bot.commands.cleaning import clean
from bot.commands.combined import or_list as _or_list
from bot.commands.combined import setting as _setting
from bot.commands.menu import HelpLine, Menu
from bot.commands.option import Option as Option  # re-exported: adapters read it from here
from bot.commands.requests import Problem
from bot.commands.suggestions import Suggester
from bot.context import Context
from bot.events import commands as events
from bot.events import grammar as event_grammar
from bot.goals import commands as goal_commands
from bot.messages import commands as menu_words
from bot.values import Actor, Outbound

R = TypeVar("R")
Handler = Callable[[Context, R], list[Outbound]]


@dataclass(frozen=True)
class Command(Generic[R]):
    """One command (or one `/rebound` subcommand): `parse` reads its text, `handle` answers."""

    name: str
    words: menu_words.Words
    parse: Callable[[str], R | Problem]
    handle: Handler[R]
    options: tuple[Option, ...] = ()
    buttons: tuple[ButtonAction, ...] = ()  # the buttons its answers carry
    aliases: tuple[str, ...] = ()
    # Who may run it, asked before anything is stored: the refusal's words, or None.
    gate: Callable[[Actor], str | None] | None = None

    def compose(self, values: Mapping[str, str]) -> str:
        """The text `parse` reads, from option values by name (a platform's form fields)."""
        parts = []
        for option in self.options:
            value = values.get(option.name, "").strip()
            if value:
                parts.append(f"{option.marker} {value}" if option.marker else value)
        return " ".join(parts)


@dataclass(frozen=True)
class Call:
    """A parsed command, ready to run in a transaction."""

    command: Command[Any]
    request: Any

    def run(self, ctx: Context) -> list[Outbound]:
        return self.command.handle(ctx, self.request)


@dataclass(frozen=True)
class Registry:
    commands: tuple[Command[Any], ...]
    umbrella: str
    umbrella_words: menu_words.Words
    subcommands: tuple[Command[Any], ...]  # the first answers a bare `/rebound`
    _index: dict[str, Command[Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {command.name: command for command in self.commands}
        subs = [name for c in self.subcommands for name in (c.name, *c.aliases)]
        if len(index) != len(self.commands) or {self.umbrella, *subs} & index.keys():
            # `/rebound <name>` must reach exactly one thing
            raise ValueError("every command and umbrella subcommand needs its own name")
        object.__setattr__(self, "_index", index)

    @property
    def names(self) -> tuple[str, ...]:
        """Every top-level command, the umbrella last."""
        return (*(command.name for command in self.commands), self.umbrella)

    def resolve(self, name: str, text: str) -> Call | Problem:
        key = name.strip().lstrip("/").lower()
        if key == self.umbrella:
            return self._under_umbrella(text)
        command = self._index.get(key)
        if command is None:
            return Problem("unknown_command", (("command", key),))
        return _call(command, text)

    def parse(self, name: str, text: str) -> Any:
        """The request `/name text` makes, or the problem with it (the grammar, for tests)."""
        call = self.resolve(name, text)
        return call if isinstance(call, Problem) else call.request

    def _under_umbrella(self, text: str) -> Call | Problem:
        head = clean(text).split(" ", 1)
        sub = head[0].lower() or self.subcommands[0].name
        arg = head[1].strip() if len(head) > 1 else ""
        for command in self.subcommands:
            if sub == command.name or sub in command.aliases:
                return _call(command, arg)
        if sub in self._index:
            # The command's own grammar reads the rest (feedback keeps its newlines), cleaned
            # as the name was: an invisible mark before the name must not join the company.
            rest = clean(text, keep_newlines=True).split(None, 1)
            return _call(self._index[sub], rest[1] if len(rest) > 1 else "")
        return Problem("unknown_subcommand", (("sub", sub),))

    def refusal(self, name: str, text: str, actor: Actor) -> str | None:
        """Why `actor` may not run this command, if its gate says so (nothing is stored then)."""
        call = self.resolve(name, text)
        gate = None if isinstance(call, Problem) else call.command.gate
        return None if gate is None else gate(actor)

    def suggester(self, command: str, option: str) -> Suggester | None:
        """What suggests values for `option` of a command or `/rebound` subcommand, if any."""
        for entry in (*self.commands, *self.subcommands):
            if entry.name == command:
                return next((o.suggest for o in entry.options if o.name == option), None)
        return None

    def buttons(self) -> dict[str, ButtonHandler]:
        """Every button's handler by action id, from the commands whose answers carry them."""
        found: dict[str, ButtonHandler] = {}
        for command in (*self.commands, *self.subcommands):
            for action in command.buttons:
                if found.setdefault(action.action_id, action.handle) is not action.handle:
                    raise ValueError(f"two handlers for the button {action.action_id}")
        return found

    def registered(self, names: Collection[str] | None = None) -> tuple[Command[Any], ...]:
        """The commands a platform registers at top level (`names`; None for all)."""
        return tuple(c for c in self.commands if names is None or c.name in names)

    def umbrella_usage(self, names: Collection[str] | None = None) -> str:
        """`/rebound`'s hint: its subcommands, then the commands only it reaches here."""
        registered = self.registered(names)
        missing = [c.name for c in self.commands if c not in registered]
        return " | ".join([*(command.name for command in self.subcommands), *missing])

    def menu(self, names: Collection[str] | None = None) -> Menu:
        """How members type each command on a platform that registers `names` (None: all)."""
        lines = [
            HelpLine(command.name, usage, what)
            for command in self.commands
            for usage, what in command.words.help
        ]
        lines += [
            HelpLine(f"{self.umbrella} {command.name}", usage, what)
            for command in self.subcommands
            for usage, what in command.words.help
        ]
        registered = {command.name for command in self.registered(names)}
        unregistered = frozenset(c.name for c in self.commands if c.name not in registered)
        return Menu(tuple(lines), unregistered, self.umbrella)


def _call(command: Command[Any], text: str) -> Call | Problem:
    request = command.parse(text)
    return request if isinstance(request, Problem) else Call(command, request)


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
            parsing.momentum,
            lambda ctx, _: checkins.show_momentum(ctx),
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
        Command("setup", menu_words.SETUP, parsing.setup, setup.set_up, gate=setup.refusal),
    ),
)
COMMANDS = REGISTRY.names
parse = REGISTRY.parse
