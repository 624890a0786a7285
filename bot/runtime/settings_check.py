"""Every problem with the settings a command needs, found before anything starts and reported
at once.

Fixing a deployment one refusal at a time (restart, read, fix, restart) is slow and maddening,
so each check runs even when another has failed: a value pydantic refuses is replaced by its
default for the checks that read several settings together (a platform's tokens, the database),
and the report lists every problem, one line each, naming the variable, what is wrong and what
would work. Secrets are never repeated back (see `settings.explain` and `database_check`).

Which checks a command gets: every command, the `.env` file's lines (`env_file`) and the values
themselves; `run` and `tick`, the chat platforms whose settings are present; `run` with none of
them and no terminal (a service), that it has nothing to serve; `run`, `tick` and `console`, the
database, opened once (`db` commands check its URL, and report a server that does not answer
themselves).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.runtime import env_file
from bot.runtime.settings import Settings, explain

PLATFORM_COMMANDS = ("run", "tick")
DATABASE_COMMANDS = ("run", "tick", "console", "db")
REACH_COMMANDS = ("run", "tick", "console")
NO_CREDENTIALS = (
    "no Slack or Discord credentials are set (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or "
    "SLACK_APP_TOKEN, SLACK_CLIENT_ID with SLACK_CLIENT_SECRET, or DISCORD_TOKEN), so "
    "`rebound run` has nothing to serve; set them (README 'Connect Slack', 'Connect Discord'), "
    "or use `rebound console` for the local console"
)


class SettingsRefused(Exception):
    """The settings cannot work; `str()` is the whole report, one problem a line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        lines = "\n".join(f"  - {problem}" for problem in problems)
        them = "it" if len(problems) == 1 else "them"
        super().__init__(
            f"cannot start: {count} in its settings; fix {them} (in the environment, .env or "
            f"the command line) and try again:\n{lines}"
        )


def checked(command: str, db_option: str | None = None) -> Settings:
    """The settings, when everything `command` needs from them can work; else `SettingsRefused`
    listing every problem found."""
    env = env_file.check(Path(str(Settings.model_config.get("env_file", ".env"))))
    found = list(env.problems)
    source: dict[str, Any] = {} if env.readable else {"_env_file": None}
    with _dotenv_quiet():  # its warnings for skipped lines are in `found`, with what to do
        try:
            settings = Settings(**source)
        except ValidationError as error:
            found += explain(error)
            settings = _salvaged(error, source)
    if command in PLATFORM_COMMANDS:
        from bot.runtime import platforms  # loads the platforms' settings code, not their SDKs

        found += platforms.problems(settings)
    if command == "run" and not _terminal() and not (settings.has_slack or settings.has_discord):
        # Under systemd, Docker or Kubernetes the console would read an empty stdin and exit 0:
        # a service with unfilled credentials would look healthy, or stop without a word.
        found.append(NO_CREDENTIALS)
    if command in DATABASE_COMMANDS:
        from bot.runtime import database_check  # SQLAlchemy loads only for commands that use it

        database = db_option or settings.database_url
        setting = "--db" if db_option else "DATABASE_URL"
        reach = command in REACH_COMMANDS
        found += database_check.problems(database, setting, reach=reach)
    if found:
        raise SettingsRefused(found)
    return settings


def _terminal() -> bool:
    """Whether a person can type into the console `rebound run` opens without credentials."""
    return sys.stdin is not None and sys.stdin.isatty()


@contextmanager
def _dotenv_quiet() -> Iterator[None]:
    logger = logging.getLogger("dotenv.main")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def _salvaged(error: ValidationError, source: dict[str, Any]) -> Settings:
    """The settings with each refused value replaced by its default, so the checks that read
    several settings together still run (their own report already names the refused ones)."""
    replaced: dict[str, Any] = dict(source)
    refused = error
    for _ in Settings.model_fields:
        for problem in refused.errors():
            field = str(problem["loc"][0]) if problem["loc"] else ""
            info = Settings.model_fields.get(field)
            if info is not None:
                replaced[field] = info.get_default(call_default_factory=True)
        try:
            return Settings(**replaced)
        except ValidationError as again:
            refused = again
    raise error
