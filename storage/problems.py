"""A database that cannot be used as configured, explained in words an operator can act on.

A wrong path, a server that does not answer or a revision that does not exist is a person's
mistake, not a bug: the CLI shows these answers instead of a traceback. The password in a URL is
never repeated back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from storage.db import normalize_url
from storage.url_password import hidden, scrubbed


class DatabaseProblem(Exception):
    """The database named by `setting` cannot be used; the message says why and what works."""


@contextmanager
def explained(url: str, setting: str) -> Iterator[None]:
    """Turn the errors a mistyped or unreachable database raises into a `DatabaseProblem`."""
    where = f"{setting}={hidden(url)}"
    try:
        make_url(normalize_url(url)).get_dialect()
    except (NoSuchModuleError, ArgumentError, ValueError) as error:
        raise DatabaseProblem(
            f"{where} is not a database URL Rebound can use ({_first_line(error, url)}). Use a "
            "file path such as ./rebound.db, sqlite:///path/to/rebound.db, or "
            "postgresql://user:password@host:5432/dbname."
        ) from None
    try:
        yield
    except DBAPIError as error:
        if url.startswith("sqlite") or "://" not in url:
            raise DatabaseProblem(
                f"cannot open the SQLite database {where} ({_first_line(error.orig, url)}). Check "
                "that its folder exists and is writable, or point to another file."
            ) from None
        raise DatabaseProblem(
            f"cannot reach the database {where} ({_first_line(error.orig, url)}). Check that the "
            "server is running and that host, port, user, password and database name are right."
        ) from None


@contextmanager
def explained_revision(revision: str, known: list[str]) -> Iterator[None]:
    """A migration target Alembic cannot find, with the targets that exist."""
    try:
        yield
    except CommandError as error:
        raise DatabaseProblem(
            f"cannot move the database to revision {revision!r} ({_first_line(error)}). Use -1 "
            "for one step back, base for an empty database, or one of: " + ", ".join(known) + "."
        ) from None


def _first_line(error: BaseException | None, url: str = "") -> str:
    """The error's first line, without `url`'s password if it quotes it."""
    text = str(error).strip().splitlines()
    if not text:
        return type(error).__name__
    return scrubbed(text[0], url) if url else text[0]
