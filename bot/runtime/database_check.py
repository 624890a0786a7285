"""Whether the database setting can work, checked at start next to every other setting.

A URL Rebound cannot use, a SQLite file in a folder that does not exist, or a PostgreSQL server
that does not answer would otherwise surface later, one at a time, as the first query fails.
Here each is one line naming the setting (`DATABASE_URL` or `--db`), what is wrong and what
would work. The password is never shown: the URL is quoted with `***` in its place, and the
server is named by host and port.

SQLite is checked on the file system without opening the file, so a refused start leaves no
empty database behind; PostgreSQL gets one real connection, bounded by `CONNECT_SECONDS`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from storage.db import normalize_url
from storage.url_password import hidden, scrubbed, typed_password

CONNECT_SECONDS = 3  # libpq's connect_timeout (it counts 2 as its least)
BACKENDS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}
SQLITE_HEADER = b"SQLite format 3\x00"
EXAMPLES = (
    "use a file path such as ./rebound.db, sqlite:///path/to/rebound.db, or "
    "postgresql://user:password@host:5432/dbname"
)


def problems(database: str, setting: str, *, reach: bool = True) -> list[str]:
    """Why the database named by `setting` cannot be used; `reach` also tries to open it."""
    where = f"{setting}={hidden(database)}" if database.strip() else f"{setting} (empty)"
    if "://" not in database and hidden(database) != database:
        # `postgres:/user:pw@host/db` or `user:pw@host/db` would become a SQLite file named so.
        return [
            f"{where} looks like a database URL with a password, but does not start with "
            f"postgresql:// (or sqlite:/// for a file); {EXAMPLES}"
        ]
    try:
        url = make_url(normalize_url(database))
    except (ArgumentError, ValueError):
        return [f"{where} is not a database URL: {EXAMPLES}"]
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        return [f"{where}: Rebound does not support {backend} databases; {EXAMPLES}"]
    driver = url.get_driver_name()  # after the backend: naming no driver loads its dialect
    if driver not in BACKENDS[backend]:
        plain = "postgresql://" if backend == "postgresql" else "sqlite:///"
        return [
            f"{where}: Rebound does not use the {driver} driver; write the URL as {plain}... "
            f"(Rebound picks its driver, {BACKENDS[backend][0]})"
        ]
    typed = typed_password(database)
    if typed is not None and url.password != unquote(typed):
        # SQLAlchemy splits at the first `@`: the rest of the password would be taken for the
        # host, and a connection error would show it.
        return [
            f"{where}: the password holds a character that URLs reserve (such as @ or /); "
            "write each as its %-code (@ is %40, / is %2F, # is %23, ? is %3F), or pick a "
            "password of letters and digits"
        ]
    if not reach:
        return []
    found = _sqlite(url, where) if backend == "sqlite" else _postgresql(url, where, database)
    return [found] if found else []


def _sqlite(url: URL, where: str) -> str | None:
    """What opening the file would run into, found without creating it."""
    name = url.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    path = Path(name)
    if path.exists():
        if path.is_dir():
            return f"{where} is a folder, not a file: name a file inside it, e.g. {path}/rebound.db"
        if not os.access(path, os.R_OK | os.W_OK):
            return f"{where}: this user cannot read and write {path}; fix its permissions"
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            return (
                f"{where} is not a SQLite database (the file holds something else); name a new "
                "file, which Rebound creates, or the rebound.db it made before"
            )
        return None
    folder = path.parent
    if not folder.is_dir():
        return (
            f"{where}: the folder {folder} does not exist; create it, or name a file in a "
            "folder that exists (Rebound creates the file itself)"
        )
    if not _can_create_files_in(folder):
        return f"{where}: this user cannot create files in {folder}; pick a writable folder"
    return None


def _can_create_files_in(folder: Path) -> bool:
    """By trying, with a file removed at once: permission bits say yes to root in /sys or
    /proc, where SQLite could then not create its database (nor its -wal and -shm files)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _postgresql(url: URL, where: str, database: str) -> str | None:
    """One connection, given `CONNECT_SECONDS`; the driver's reason in its own words."""
    server = f"{url.host or 'the local socket'}:{url.port or 5432}"
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_SECONDS}
    )
    try:
        engine.connect().close()
    except DBAPIError as error:
        return (
            f"{where}: cannot connect to the PostgreSQL server at {server} within "
            f"{CONNECT_SECONDS} s ({scrubbed(_reason(error), database)}); check that it is "
            "running and that the host, port, user, password and database name are right"
        )
    finally:
        engine.dispose()
    return None


def _reason(error: DBAPIError) -> str:
    """The driver's first line without the address it repeats (`problems` hides passwords)."""
    lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    return lines[0].rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()
