"""A database URL's password never reaches a message or a log line, however it was typed: with
an unescaped `@`, %-encoded, in the query (`?password=`), or behind a mistyped scheme that makes
the URL look like a file path."""

from __future__ import annotations

import pytest

from bot.runtime import database_check
from bot.runtime.settings import Settings
from storage.url_password import hidden, passwords, scrubbed

CASES = [
    # (typed, shown, the password's forms the logs must redact)
    (
        "postgresql://breakit:S3cr%40t%3Apa%25ss%2Fw%23rd@127.0.0.1/breakit_db",
        "postgresql://breakit:***@127.0.0.1/breakit_db",
        {"S3cr%40t%3Apa%25ss%2Fw%23rd", "S3cr@t:pa%ss/w#rd"},
    ),
    (
        "postgresql://breakit:S3cr@t@127.0.0.1:1/db",
        "postgresql://breakit:***@127.0.0.1:1/db",
        {"S3cr@t"},
    ),
    (
        "postgresql://breakit@127.0.0.1:1/db?sslmode=require&password=S3cret%21",
        "postgresql://breakit@127.0.0.1:1/db?sslmode=require&password=***",
        {"S3cret%21", "S3cret!"},
    ),
    ("postgres:/rebound:Hunter2pw@db/rebound", "postgres:/rebound:***@db/rebound", {"Hunter2pw"}),
    ("rebound:Hunter2pw@db:5432/rebound", "rebound:***@db:5432/rebound", {"Hunter2pw"}),
    ("postgresql://rebound@db/rebound", "postgresql://rebound@db/rebound", set()),
    ("sqlite:///./rebound.db", "sqlite:///./rebound.db", set()),
    ("./data/rebound.db", "./data/rebound.db", set()),
]


@pytest.mark.parametrize(("typed", "shown", "secret"), CASES)
def test_a_password_is_hidden_however_it_was_typed(
    typed: str, shown: str, secret: set[str]
) -> None:
    assert hidden(typed) == shown
    assert set(passwords(typed)) == secret


@pytest.mark.parametrize(("typed", "shown", "secret"), CASES)
def test_the_logs_redact_every_form_of_the_password(
    typed: str, shown: str, secret: set[str]
) -> None:
    settings = Settings(_env_file=None, database_url=typed)
    assert secret <= set(settings.secret_values())


def test_a_drivers_error_loses_the_password_in_any_form() -> None:
    url = "postgresql://u:S3cr%40t@h/db"
    said = "could not connect as u with S3cr@t to postgresql://u:S3cr%40t@h/db"
    assert scrubbed(said, url) == "could not connect as u with *** to postgresql://u:***@h/db"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("postgres:/rebound:Hunter2pw@db/rebound", "does not start with postgresql://"),
        ("rebound:Hunter2pw@db:5432/rebound", "does not start with postgresql://"),
        ("postgresql://breakit:S3cr@t@127.0.0.1:1/db", "@ is %40"),
    ],
)
def test_a_url_the_driver_would_misread_is_refused_without_its_password(
    typed: str, words: str
) -> None:
    (line,) = database_check.problems(typed, "DATABASE_URL", reach=False)
    assert words in line and ":***@" in line
    assert "Hunter2pw" not in line and "S3cr" not in line and "t@127" not in line
