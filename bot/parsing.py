"""One grammar for every platform: command text in, a typed request or a friendly problem out.

Parsing is pure so that Slack, Discord and the console accept exactly the same words, and so that
every refusal can be tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.records import Privacy

MAX_COMPANY = 100
MAX_ROLE = 100
MAX_NOTE = 1000

COMMANDS = (
    "rejected",
    "followups",
    "feedback",
    "applied",
    "networked",
    "event",
    "momentum",
    "rebound",
)


@dataclass(frozen=True)
class LogRejection:
    company: str
    role: str = ""
    note: str = ""


@dataclass(frozen=True)
class LogFeedback:
    """Feedback text whose company part the handler resolves against the member's rejections."""

    text: str
    company: str = ""  # set when the member separated it explicitly with a colon


@dataclass(frozen=True)
class LogApplied:
    company: str
    role: str = ""


@dataclass(frozen=True)
class LogNetworking:
    detail: str


@dataclass(frozen=True)
class LogEvent:
    detail: str


@dataclass(frozen=True)
class ShowMomentum:
    pass


@dataclass(frozen=True)
class ListFollowUps:
    pass


@dataclass(frozen=True)
class ShowHelp:
    topic: str = ""


@dataclass(frozen=True)
class SetTimezone:
    name: str


@dataclass(frozen=True)
class SetQuietHours:
    start: str  # "HH:MM", or "" for off
    end: str


@dataclass(frozen=True)
class SetWeekends:
    skip: bool


@dataclass(frozen=True)
class SetPrivacy:
    level: Privacy


@dataclass(frozen=True)
class ExportData:
    pass


@dataclass(frozen=True)
class ForgetMe:
    pass


@dataclass(frozen=True)
class Problem:
    """Input we cannot act on. `message` is a key into bot.messages.replies.PROBLEMS."""

    message: str
    params: tuple[tuple[str, str], ...] = ()


Request = (
    LogRejection
    | LogFeedback
    | LogApplied
    | LogNetworking
    | LogEvent
    | ShowMomentum
    | ListFollowUps
    | ShowHelp
    | SetTimezone
    | SetQuietHours
    | SetWeekends
    | SetPrivacy
    | ExportData
    | ForgetMe
)

_MARKER = re.compile(r"\b(role|note):", re.IGNORECASE)
_QUIET = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Drop control characters (and zero-width tricks); fold whitespace unless newlines matter.

    Lone surrogates (`Cs`) go too: they are what undecodable bytes become on a terminal with the C
    locale or in a JSON `\\ud800` escape, and no database can store them as text.
    """
    kept = []
    for char in text:
        if char == "\n" and keep_newlines:
            kept.append(char)
        elif char in "\t\r\n":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Cs"):
            kept.append(char)
    result = "".join(kept)
    if keep_newlines:
        lines = [" ".join(part.split()) for part in result.split("\n")]
        return "\n".join(lines).strip()
    return " ".join(result.split())


def parse(name: str, text: str) -> Request | Problem:
    command = name.strip().lstrip("/").lower()
    if command == "rejected":
        return _rejected(text)
    if command == "feedback":
        return _feedback(text)
    if command == "applied":
        return _applied(text)
    if command == "networked":
        return _networked(text)
    if command == "event":
        return _event(text)
    if command == "momentum":
        return ShowMomentum()
    if command == "followups":
        return ListFollowUps()
    if command == "rebound":
        return _rebound(text)
    return Problem("unknown_command", (("command", command),))


def _split_markers(text: str) -> tuple[str, dict[str, str]]:
    """`Acme role: Analyst note: nice people` -> ("Acme", {"role": "Analyst", "note": "..."})."""
    matches = list(_MARKER.finditer(text))
    head = text[: matches[0].start()] if matches else text
    fields: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        fields[match.group(1).lower()] = text[match.end() : end]
    return head, fields


def _company(raw: str, usage: str) -> str | Problem:
    company = clean(raw)
    if not company:
        return Problem(usage)
    if len(company) > MAX_COMPANY:
        return Problem("too_long", (("what", "company name"), ("limit", str(MAX_COMPANY))))
    return company


def _role(raw: str) -> str | Problem:
    role = clean(raw)
    if len(role) > MAX_ROLE:
        return Problem("too_long", (("what", "role"), ("limit", str(MAX_ROLE))))
    return role


def _note(raw: str, what: str = "note") -> str | Problem:
    note = clean(raw, keep_newlines=True)
    if len(note) > MAX_NOTE:
        return Problem("too_long", (("what", what), ("limit", str(MAX_NOTE))))
    return note


def _rejected(text: str) -> LogRejection | Problem:
    head, fields = _split_markers(text)
    company = _company(head, "usage_rejected")
    role = _role(fields.get("role", ""))
    note = _note(fields.get("note", ""))
    for part in (company, role, note):
        if isinstance(part, Problem):
            return part
    assert isinstance(company, str) and isinstance(role, str) and isinstance(note, str)
    return LogRejection(company, role, note)


def _applied(text: str) -> LogApplied | Problem:
    head, fields = _split_markers(text)
    company = _company(head, "usage_applied")
    if isinstance(company, Problem):
        return company
    role = _role(fields.get("role", ""))
    if isinstance(role, Problem):
        return role
    return LogApplied(company, role)


def _feedback(text: str) -> LogFeedback | Problem:
    body = clean(text, keep_newlines=True)
    if not body:
        return Problem("usage_feedback")
    company = ""
    if ":" in body.split("\n", 1)[0]:
        head, _, rest = body.partition(":")
        if clean(head) and len(clean(head)) <= MAX_COMPANY:
            company, body = clean(head), rest.strip()
    if not body:
        return Problem("usage_feedback")
    checked = _note(body, "feedback")
    if isinstance(checked, Problem):
        return checked
    return LogFeedback(checked, company)


def _networked(text: str) -> LogNetworking | Problem:
    detail = _note(text, "description")
    if isinstance(detail, Problem):
        return detail
    if not detail:
        return Problem("usage_networked")
    return LogNetworking(detail)


def _event(text: str) -> LogEvent | Problem:
    detail = _note(text, "description")
    if isinstance(detail, Problem):
        return detail
    if not detail:
        return Problem("usage_event")
    return LogEvent(detail)


def _rebound(text: str) -> Request | Problem:
    words = clean(text).split(" ", 1)
    sub = words[0].lower()
    arg = words[1].strip() if len(words) > 1 else ""
    if sub in ("", "help"):
        return ShowHelp(arg.lower())
    if sub in ("timezone", "tz"):
        return SetTimezone(arg) if arg else Problem("usage_timezone")
    if sub == "quiet":
        return _quiet(arg)
    if sub == "weekends":
        if arg.lower() in ("skip", "off", "free"):
            return SetWeekends(True)
        if arg.lower() in ("allow", "on", "ok"):
            return SetWeekends(False)
        return Problem("usage_weekends")
    if sub == "privacy":
        try:
            return SetPrivacy(Privacy(arg.lower()))
        except ValueError:
            return Problem("usage_privacy")
    if sub == "export":
        return ExportData()
    if sub == "forget":
        return ForgetMe()
    return Problem("unknown_subcommand", (("sub", sub),))


def _quiet(arg: str) -> SetQuietHours | Problem:
    if arg.lower() in ("off", "none"):
        return SetQuietHours("", "")
    match = _QUIET.match(arg)
    if not match:
        return Problem("usage_quiet")
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60) or (h1, m1) == (h2, m2):
        return Problem("usage_quiet")
    return SetQuietHours(f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}")
