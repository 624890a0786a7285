"""Every problem with the settings a command needs, found before anything starts and reported
at once.

Fixing a deployment one refusal at a time (restart, read, fix, restart) is slow and maddening,
so each check runs even when another has failed: a value pydantic refuses is replaced by its
default for the checks that read several settings together (a platform's tokens, the database),
and the report lists every problem, one line each, naming the variable, what is wrong and what
would work. Secrets are never repeated back (see `settings.explain` and `database_check`).

Which checks a command gets: every command, the values themselves; `run` and `tick`, the chat
platforms whose settings are present; `run`, `tick` and `console`, the database, opened once
(`db` commands check its URL, and report a server that does not answer themselves).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.runtime.settings import Settings, explain

PLATFORM_COMMANDS = ("run", "tick")
DATABASE_COMMANDS = ("run", "tick", "console", "db")
REACH_COMMANDS = ("run", "tick", "console")


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
    try:
        settings = Settings()
        found: list[str] = []
    except ValidationError as error:
        found = explain(error)
        settings = _salvaged(error)
    if command in PLATFORM_COMMANDS:
        from bot.runtime import platforms  # loads the platforms' settings code, not their SDKs

        found += platforms.problems(settings)
    if command in DATABASE_COMMANDS:
        from bot.runtime import database_check  # SQLAlchemy loads only for commands that use it

        database = db_option or settings.database_url
        setting = "--db" if db_option else "DATABASE_URL"
        reach = command in REACH_COMMANDS
        found += database_check.problems(database, setting, reach=reach)
    if found:
        raise SettingsRefused(found)
    return settings


def _salvaged(error: ValidationError) -> Settings:
    """The settings with each refused value replaced by its default, so the checks that read
    several settings together still run (their own report already names the refused ones)."""
    replaced: dict[str, Any] = {}
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
