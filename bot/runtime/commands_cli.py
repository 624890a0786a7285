"""What each `rebound` command does once its settings were checked (`settings_check`): the
database, the console, one due-work pass, the running bot. `cli` imports this module only after
a command was typed, so `rebound --help` loads none of it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from bot.clock import SimulatedClock, SystemClock
from bot.delivery.report import PassReport, describe
from bot.runtime import discord_cli, logs, runner, slack_cli
from bot.runtime.heartbeat import Heartbeat
from bot.runtime.platforms import Entry, NotConfigured, configured, titles
from bot.runtime.settings import Settings
from bot.runtime.wiring import build, settle_memory
from bot.timezones import canonical, refusal, zone
from storage.problems import DatabaseProblem
from storage.url_password import hidden

log = logging.getLogger(__name__)

CONNECT_HINT = (
    "No Slack or Discord credentials found: opening the local console on {db}. To connect one, "
    "see README 'Connect Slack' (SLACK_BOT_TOKEN and friends) or 'Connect Discord' (DISCORD_TOKEN)."
)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Carry out the command in `args`; a person's mistake is one answer and exit code 2."""
    if args.command == "slack":
        return slack_cli.run(args, settings)
    logs.configure(settings.log_level, settings.secret_values(), fmt=settings.log_format)
    if args.command == "discord":
        return discord_cli.run(args, settings)
    database = args.db or settings.database_url
    setting = "--db" if args.db else "DATABASE_URL"
    try:
        if args.command == "db":
            return _db(args, database, setting)
        if args.command == "tick":
            return asyncio.run(_tick(database, settings, args.at, args.transcript, setting))
        if args.command == "console":
            tz = _zone(args.tz or settings.rebound_timezone)
            options = ConsoleOptions(tz, args.at, args.member, Path(args.files), bool(args.tz))
            return asyncio.run(_console(database, settings, options, setting))
        return _run(database, settings, setting)
    except (UsageError, DatabaseProblem) as problem:
        return _refuse(str(problem), settings)
    except KeyboardInterrupt:
        return 130


class UsageError(ValueError):
    pass


def _refuse(problem: str, settings: Settings | None = None) -> int:
    """A person's mistake: one paragraph on standard error, and exit code 2 (no traceback)."""
    _say(problem, settings)
    return 2


def _say(problem: str, settings: Settings | None) -> None:
    """On standard error as a line for a person, or, with LOG_FORMAT=json, as a log event, so a
    log shipper reading the service's output finds JSON on every line."""
    if settings is not None and settings.log_format == "json":
        log.error("rebound cannot go on", extra={"problem": problem})
    else:
        print(f"rebound: {problem}", file=sys.stderr)


def _zone(name: str) -> str:
    problem = refusal(name)
    if problem is not None:
        raise UsageError(f"--tz: {problem}")
    return str(canonical(name))


def _time(text: str, tz: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"cannot read the time {text!r}; use ISO 8601, e.g. 2026-12-01T09:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(tz))


def _db(args: argparse.Namespace, database: str, setting: str) -> int:
    from storage import migrate
    from storage.db import normalize_url
    from storage.problems import explained, explained_revision

    with explained(database, setting):
        url = normalize_url(database)
        if args.db_command == "upgrade":
            migrate.upgrade(url)
            print(f"database at revision {migrate.current(url)}")
        elif args.db_command == "downgrade":
            with explained_revision(args.revision, migrate.revisions()):
                migrate.downgrade(url, args.revision)
            print(f"database at revision {migrate.current(url) or 'base (empty)'}")
        else:
            print(migrate.current(url) or "base (empty)")
    return 0


@dataclass(frozen=True)
class ConsoleOptions:
    tz: str
    at: str | None = None
    member: str = "you"
    files: Path = Path("rebound-files")
    zone_given: bool = True  # --tz was typed; otherwise `tz` is only the default


async def _console(
    database: str, settings: Settings, options: ConsoleOptions, setting: str = "DATABASE_URL"
) -> int:
    from adapters.console.repl import run as run_repl
    from adapters.console.session import CHANNEL, PLATFORM, WORKSPACE, ConsoleSession
    from adapters.console.transcript import Transcript

    tz = options.tz
    # The console's zone becomes its group's, so a later `rebound tick` plans the same posts;
    # without --tz, a group that ran before keeps its zone.
    services = await asyncio.to_thread(
        partial(build, database, tz, setting=setting, group_timezone=tz)
    )
    if not options.zone_given:
        where = (PLATFORM, WORKSPACE, CHANNEL)
        tz = await asyncio.to_thread(services.core.group_zone, *where, tz)
    settle_memory()
    frozen = options.at is not None
    clock = SimulatedClock(_time(options.at, tz), frozen=True) if options.at else SimulatedClock()
    transcript = Transcript(sys.stdout, options.files)
    session = ConsoleSession(
        services.core, services.work, clock, transcript, tz=tz, member=options.member
    )
    transcript.note(
        f"Rebound console: you are {options.member} in #general. It is {session.now_text()}.\n"
        "Type /rebound help for what Rebound does, /help for console commands, /quit to leave."
    )
    # A clock that follows real time gets a heartbeat, so nudges appear while you wait; a frozen
    # clock only moves with /clock, which delivers on its own.
    heartbeat = None
    if not frozen:
        heartbeat = Heartbeat(
            services.work,
            session.deliverer,
            clock,
            interval_seconds=settings.due_interval_seconds,
            default_timezone=tz,
        )
        heartbeat.start()
    try:
        await run_repl(session)
    finally:
        if heartbeat is not None:
            await heartbeat.stop()
        services.engine.dispose()
    return 0


async def _tick(
    database: str,
    settings: Settings,
    at: str | None,
    transcript: str | None,
    setting: str = "DATABASE_URL",
) -> int:
    from adapters.console.session import console_route
    from adapters.console.transcript import ConsoleMessenger, Transcript

    tz = settings.rebound_timezone
    now = _time(at, tz) if at else SystemClock().now()
    report = PassReport()
    chosen = _platforms(settings)
    if chosen:
        await runner.tick(settings, chosen, database, now, report, setting)
        print(describe(report, now, "to " + titles([entry.title for entry in chosen])))
        return 0
    services = await asyncio.to_thread(partial(build, database, tz, setting=setting))
    with contextlib.ExitStack() as stack:
        if transcript:
            history = Path(transcript)
            try:
                out = stack.enter_context(history.open("a", encoding="utf-8"))  # noqa: ASYNC230
            except OSError as error:
                services.engine.dispose()
                raise UsageError(
                    f"--transcript {transcript}: cannot append to it ({error.strerror}); check "
                    "that its folder exists and is writable"
                ) from None
            printed = Transcript(out, Path("rebound-files"), history=history, pressable=False)
        else:
            printed = Transcript(sys.stdout, Path("rebound-files"), pressable=False)
        messenger = ConsoleMessenger(printed)
        try:
            await runner.tick_pass(services.work, console_route(messenger), now, report)
        finally:
            services.engine.dispose()
    print(describe(report, now))
    return 0


def _run(database: str, settings: Settings, setting: str = "DATABASE_URL") -> int:
    chosen = _platforms(settings)
    if chosen:
        try:
            asyncio.run(runner.serve(settings, chosen, database, setting))
        except runner.StartFailed as failure:
            _say(str(failure), settings)
            return 1
        return 0
    print(CONNECT_HINT.format(db=hidden(database)), file=sys.stderr)
    options = ConsoleOptions(settings.rebound_timezone)
    return asyncio.run(_console(database, settings, options, setting))


def _platforms(settings: Settings) -> list[Entry]:
    """The configured platforms, each one's settings checked before anything opens."""
    try:
        return configured(settings)
    except NotConfigured as problem:
        raise UsageError(str(problem)) from None
