"""A local group channel over the real core: type commands, switch members, travel in time.

Time travel goes through `run_due_pass`, the same function the scheduler calls, stopping at each
item's own due time, so a rehearsal here shows exactly what members would receive and when.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from adapters.console.transcript import ConsoleMessenger, Transcript
from bot import answering
from bot.clock import SimulatedClock
from bot.commands.parsing import clean
from bot.core import Core
from bot.delivery.due import Deliverer, DueWork, Route
from bot.ports import Messenger
from bot.timezones import zone
from bot.values import Actor, ButtonPress, SlashCommand

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "general"
MAX_PASSES_PER_JUMP = 10_000
MAX_STEP = timedelta(days=366)
TOO_FAR = (
    "Time travel goes at most a year per step (+52w, +365d or a date within a year), so the "
    "clock did not move. Step again to go further."
)
# Plans and rhythms reach weeks past "now"; far before datetime's year 9999 they would overflow.
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
TOO_LATE = "The console's clock stops at the year 3000."

CONSOLE_HELP = """Console commands (everything else is sent to Rebound as in a chat):
  /as NAME            speak as another member (creates them on first use)
  /clock +3h | +2d | +1w | +30m | 2026-12-01 09:00
                      move time forward, up to a year per step; whatever falls
                      due on the way is delivered
  /clock              show the current simulated time
  /press N            press button number N
  /quit               leave (Ctrl-D works too)
Try /rebound help for Rebound's own commands."""

_STEP = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def console_route(messenger: Messenger) -> Route:
    """The console delivers to console members only; Slack's stay for a process with Slack."""
    return {PLATFORM: messenger}


class ConsoleError(ValueError):
    """Bad console input, shown to the person at the keyboard."""


def parse_clock(argument: str, now: datetime, tz: str) -> datetime:
    """`+1d2h` relative to now, or an absolute local date and time in the console's zone."""
    text = argument.strip()
    if text.startswith("+"):
        steps = _STEP.findall(text[1:].replace(" ", ""))
        if not steps or "".join(f"{n}{u}" for n, u in steps) != text[1:].replace(" ", ""):
            raise ConsoleError("Use +30m, +3h, +2d or +1w (they combine: +1d2h).")
        try:
            delta = sum((timedelta(**{_UNITS[u]: int(n)}) for n, u in steps), timedelta())
            moment = now + delta
        except (OverflowError, ValueError):  # past datetime's year 9999, or digits past int()
            raise ConsoleError(TOO_FAR) from None
        return _within_bounds(now, moment)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConsoleError("Use a time like 2026-12-01 09:00, or +2d.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz))
    if moment < now:
        raise ConsoleError("The clock only moves forward.")
    return _within_bounds(now, moment)


def _within_bounds(now: datetime, target: datetime) -> datetime:
    """One step of time travel goes at most a year: each day on the way is rehearsed, and a
    typo like +99999w would otherwise print centuries of weekly posts. And the clock stops
    short of datetime's limits, which plans and rhythms reaching past "now" would overflow."""
    if target - now > MAX_STEP:
        raise ConsoleError(TOO_FAR)
    if target >= LATEST:
        raise ConsoleError(TOO_LATE)
    return target


class ConsoleSession:
    def __init__(
        self,
        core: Core,
        work: DueWork,
        clock: SimulatedClock,
        transcript: Transcript,
        *,
        tz: str = "UTC",
        member: str = "you",
    ) -> None:
        self._core = core
        self._work = work
        self._clock = clock
        self._transcript = transcript
        messenger = ConsoleMessenger(transcript)
        self.deliverer = Deliverer(work, console_route(messenger))
        self._tz = tz
        self.member = member
        self._organiser = member  # who started the console; `/as` others are plain members

    def _actor(self) -> Actor:
        user_id = self.member.casefold().replace(" ", "-")
        # Whoever started the console runs the local group: they may do what organisers do.
        # Members played with `/as` may not, unless made group admins (`/rebound admin add`).
        organiser = self.member == self._organiser
        return Actor(
            PLATFORM, WORKSPACE, user_id, self.member, CHANNEL, CHANNEL, can_manage=organiser
        )

    def now_text(self) -> str:
        return self._clock.now().astimezone(zone(self._tz)).strftime("%a %-d %b %Y, %H:%M %Z")

    async def advance(self, target: datetime) -> None:
        """Deliver everything due up to `target`, each at its own due time, then stop there."""
        for _ in range(MAX_PASSES_PER_JUMP):
            now = self._clock.now()
            next_due = await asyncio.to_thread(self._work.next_due_at, now, {PLATFORM})
            if next_due is None or next_due > target:
                break
            if next_due > now:
                self._clock.set(next_due)
            await self.deliverer.run(self._clock.now)
        if target > self._clock.now():
            self._clock.set(target)

    async def handle_line(self, raw: str) -> bool:
        """Act on one line of input; False means the person wants to leave."""
        line = raw.strip()
        if not line:
            return True
        await self.advance(self._clock.now())
        name, _, argument = line.partition(" ")
        name = name.lower()
        if name in ("/quit", "/exit"):
            return False
        try:
            await self._dispatch(name, argument.strip(), line)
        except ConsoleError as problem:
            self._transcript.note(f"(console) {problem}")
        return True

    async def _dispatch(self, name: str, argument: str, line: str) -> None:
        if name == "/help":
            self._transcript.note(CONSOLE_HELP)
        elif name == "/as":
            # The name becomes the prompt and is echoed: no escape sequence may reach the terminal.
            member = clean(argument)[:80]
            if not member:
                raise ConsoleError("Say who: /as Sam")
            self.member = member
            self._transcript.note(f"(console) You are now {self.member}.")
        elif name == "/clock":
            if argument:
                await self.advance(parse_clock(argument, self._clock.now(), self._tz))
            self._transcript.note(f"(console) It is now {self.now_text()}.")
        elif name == "/press":
            # ASCII digits only: `²` is a digit to isdigit() but not to int().
            number = argument.isascii() and argument.isdigit() and len(argument) < 10
            button = self._transcript.buttons.get(int(argument)) if number else None
            if button is None:
                raise ConsoleError("No button with that number. Buttons show as [N].")
            press = ButtonPress(self._actor(), button.action_id, button.value)
            await self._send(press, pressed=int(argument))
        elif name.startswith("/"):
            await self._send(SlashCommand(self._actor(), name[1:], argument))
        else:
            self._transcript.note("(console) Commands start with /. Try /rebound help or /help.")

    async def _send(self, command: SlashCommand | ButtonPress, pressed: int | None = None) -> None:
        """`pressed`: the number of the button pressed, whose message an answer that
        `replaces_source` takes the place of."""
        replies = await answering.answer(self._core, command, self._clock.now())
        for reply in replies:
            self._transcript.show(reply, updates=pressed if reply.replaces_source else None)
