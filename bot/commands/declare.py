"""How a command is declared: its option fields, its grammar and handler, who may run it; and
the `Registry` that reads help, dispatch, buttons and platform command lists from the
declarations (`bot.commands.registry.REGISTRY` holds Rebound's own)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from bot.commands.buttons import ButtonAction, ButtonHandler
from bot.commands.cleaning import clean
from bot.commands.menu import HelpLine, Menu
from bot.commands.option import Option as Option  # re-exported: the registry declares with it
from bot.commands.requests import Problem
from bot.commands.suggestions import Suggester
from bot.context import Context
from bot.group_store import AdminLookup
from bot.messages import commands as menu_words
from bot.values import Actor, Outbound

R = TypeVar("R")
Handler = Callable[[Context, R], list[Outbound]]
Gate = Callable[[Actor, AdminLookup, R], str | None]
UNKNOWN_LABEL = "unknown"  # what metrics call a command or button no registry entry names


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
    # Who may run it, asked before anything is stored: the refusal's words, or None. It may
    # read whether the actor is a group admin, and sees the request (showing a setting is open
    # to all, changing it is not).
    gate: Gate[R] | None = None

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

    def label(self, name: str, text: str) -> str:
        """Which command `/name text` is, for metrics: a command's or subcommand's own name
        (`/rebound rejected ...` is "rejected"), the umbrella's for a subcommand it does not
        know, or "unknown". Never a word the member typed beyond those fixed names."""
        key = name.strip().lstrip("/").lower()
        if key in self._index:
            return key
        if key != self.umbrella:
            return UNKNOWN_LABEL
        sub = clean(text).split(" ", 1)[0].lower() or self.subcommands[0].name
        for command in self.subcommands:
            if sub == command.name or sub in command.aliases:
                return command.name
        return sub if sub in self._index else self.umbrella

    def gated(self, name: str, text: str) -> bool:
        """Whether `/name text` has a gate to ask first (then `refusal` needs a lookup)."""
        call = self.resolve(name, text)
        return not isinstance(call, Problem) and call.command.gate is not None

    def refusal(self, name: str, text: str, actor: Actor, lookup: AdminLookup) -> str | None:
        """Why `actor` may not run this command, if its gate says so (nothing is stored then:
        `lookup` is only read)."""
        call = self.resolve(name, text)
        if isinstance(call, Problem) or call.command.gate is None:
            return None
        return call.command.gate(actor, lookup, call.request)

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
