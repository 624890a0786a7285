"""Structured logs: one line per event to standard error, as `key=value` pairs, or with
LOG_FORMAT=json as one JSON object per line for log shippers (`time` in ISO 8601 UTC, `level`,
`logger`, `message`, then the event's own fields; `exception` when there is a traceback).

Only the fields a handler passes in `extra` appear; handlers never pass tokens or members' notes.
Two more defences stand behind that rule, because libraries do not follow it:

- Third-party loggers stay at WARNING or above whatever LOG_LEVEL says. At DEBUG, slack_sdk,
  aiosqlite and SQLAlchemy log request bodies and SQL parameters: tokens, notes, company names.
- The handler's filter rewrites every record before it is written: exception tracebacks keep
  their frames and exception types but lose their messages (a database error's message can
  quote the failing row, a member's note included), and anything shaped like a Slack token, or
  equal to a configured secret, is replaced by `[redacted]`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Our own code: these follow LOG_LEVEL. Everything else is a library, held at WARNING or above.
OWN_LOGGERS = ("bot", "adapters", "storage")
LIBRARIES = (
    "slack_sdk",
    "slack_bolt",
    "aiosqlite",
    "aiohttp",
    "sqlalchemy",
    "psycopg",
    "alembic",
    "apscheduler",
    "asyncio",
    "urllib3",
    "websockets",
)
FORMATS = ("text", "json")
REDACTED = "[redacted]"
TOKEN = re.compile(r"\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+")


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        line = " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + record.exc_text
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the same fields as the text format, and nothing more."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        fields: dict[str, object] = {
            "time": stamp.replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in fields:
                fields[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            fields["exception"] = record.exc_text
        return json.dumps(fields, ensure_ascii=False, default=str)


class Redactor(logging.Filter):
    """Strips exception messages and secrets from every record (see the module docstring)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(safe_traceback(record.exc_info[1]))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.stack_info = None
        return True


def safe_traceback(error: BaseException) -> str:
    """Where an exception came from (frames and types, causes included), without its message."""
    chain: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.format_list(traceback.extract_tb(current.__traceback__))
        kind = type(current)
        chain.append("".join(frames) + f"{kind.__module__}.{kind.__qualname__} (message withheld)")
        current = current.__cause__ or current.__context__
    return "Traceback, innermost cause last:\n" + "\n".join(reversed(chain))


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text


def configure(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None, fmt: str = "text"
) -> None:
    """Log our own events at `level`, libraries' at WARNING or above, all through the Redactor,
    as `key=value` lines (`fmt` "text") or JSON lines ("json")."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    handler.addFilter(Redactor(secrets))
    chosen = logging.getLevelName(level.upper())
    numeric = chosen if isinstance(chosen, int) else logging.WARNING
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(numeric, logging.WARNING))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    quiet(max(numeric, logging.WARNING))


def quiet(level: int = logging.WARNING) -> None:
    """Hold the libraries' loggers at `level` even when the root logger is set lower.

    Those that copied a level of their own (slack_bolt copies the root's) are raised as well.
    """
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(level)
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        mine = isinstance(logger, logging.Logger) and name.startswith(LIBRARIES)
        if mine and logger.level and logger.level < level:  # type: ignore[union-attr]
            logger.setLevel(level)  # type: ignore[union-attr]
