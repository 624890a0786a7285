"""One grammar for every platform: command text in, a typed request or a friendly problem out.

Parsing is pure so that Slack, Discord and the console accept exactly the same words, and so that
every refusal can be tested without a database. Each function reads one command's text; the
registry (`bot.commands.registry`) names the command that uses it.
"""

from __future__ import annotations

import re

from bot.commands.cleaning import clean as clean  # re-exported: the one cleaning rule
from bot.commands.fields import list_page, split_markers, stage_named
from bot.commands.requests import (
    ExportData,
    ForgetMe,
    ListFollowUps,
    LogApplied,
    LogEvent,
    LogFeedback,
    LogNetworking,
    LogRejection,
    Problem,
    SetPrivacy,
    SetQuietHours,
    SetTimezone,
    SetUpGroup,
    SetWeekends,
    ShowHelp,
    ShowHistory,
    ShowSetting,
)
from bot.records import Privacy, Stage

MAX_COMPANY = 100
MAX_ROLE = 100
MAX_NOTE = 1000

_QUIET = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def _limited(raw: str, what: str, limit: int, *, multiline: bool = False) -> str | Problem:
    value = clean(raw, keep_newlines=multiline)
    if len(value) > limit:
        return Problem("too_long", (("what", what), ("limit", str(limit))))
    return value


def _company(raw: str, usage: str) -> str | Problem:
    company = _limited(raw, "company name", MAX_COMPANY)
    if isinstance(company, str) and len(company.casefold()) > 2 * MAX_COMPANY:
        # Matching casefolds ("ﬃ" becomes "ffi"), so a name of ligatures can triple; its key
        # must still fit where companies are matched, or it could never be saved.
        return Problem("too_long", (("what", "company name"), ("limit", str(MAX_COMPANY))))
    return Problem(usage) if company == "" else company


def _role(raw: str) -> str | Problem:
    return _limited(raw, "role", MAX_ROLE)


def _note(raw: str, what: str = "note") -> str | Problem:
    return _limited(raw, what, MAX_NOTE, multiline=True)


def _stage(raw: str) -> Stage | Problem:
    return stage_named(raw) or Problem("unknown_stage", (("stage", clean(raw)[:MAX_ROLE]),))


def rejected(text: str) -> LogRejection | ShowHistory | Problem:
    page = list_page(text)
    if page is not None:
        return ShowHistory("rejected", page)
    head, fields = split_markers(text, frozenset({"role", "stage", "note"}))
    company = _company(head, "usage_rejected")
    role = _role(fields.get("role", ""))
    note = _note(fields.get("note", ""))
    stage = _stage(fields["stage"]) if "stage" in fields else None
    for part in (company, role, note, stage):
        if isinstance(part, Problem):
            return part
    assert isinstance(company, str) and isinstance(role, str) and isinstance(note, str)
    return LogRejection(company, role, note, stage if isinstance(stage, Stage) else None)


def applied(text: str) -> LogApplied | Problem:
    head, fields = split_markers(text, frozenset({"role"}))
    company = _company(head, "usage_applied")
    if isinstance(company, Problem):
        return company
    role = _role(fields.get("role", ""))
    if isinstance(role, Problem):
        return role
    return LogApplied(company, role)


def feedback(text: str) -> LogFeedback | ShowHistory | Problem:
    """`Company: what they said`, or text that starts with a company the member logged (the
    handler finds it). A missing company or missing words get a question, never a guess."""
    body = clean(text, keep_newlines=True)
    if not body:
        return Problem("usage_feedback")
    page = list_page(body)
    if page is not None:
        return ShowHistory("feedback", page)
    company = ""
    if ":" in body.split("\n", 1)[0]:
        head, _, rest = body.partition(":")
        if not clean(head):
            return Problem("feedback_which_company")
        if len(clean(head)) <= MAX_COMPANY:
            company, body = clean(head), rest.strip()
            if not body:
                return LogFeedback("", company)  # the handler asks, in the member's spelling
    checked = _note(body, "feedback")
    if isinstance(checked, Problem):
        return checked
    return LogFeedback(checked, company)


def networked(text: str) -> LogNetworking | Problem:
    detail = _note(text, "description")
    if isinstance(detail, Problem):
        return detail
    if not detail:
        return Problem("usage_networked")
    return LogNetworking(detail)


def event(text: str) -> LogEvent | Problem:
    detail = _note(text, "description")
    if isinstance(detail, Problem):
        return detail
    if not detail:
        return Problem("usage_event")
    return LogEvent(detail)


def followups(text: str) -> ListFollowUps:
    return ListFollowUps()


# `/rebound` subcommands: each reads the (cleaned) words after its name.


def help_topic(arg: str) -> ShowHelp:
    return ShowHelp(arg.lower())


def timezone(arg: str) -> SetTimezone | ShowSetting:
    return SetTimezone(arg) if arg else ShowSetting("timezone")


def quiet(arg: str) -> SetQuietHours | ShowSetting | Problem:
    return _quiet(arg) if arg else ShowSetting("quiet")


def weekends(arg: str) -> SetWeekends | ShowSetting | Problem:
    if not arg:
        return ShowSetting("weekends")
    if arg.lower() in ("skip", "off", "free"):
        return SetWeekends(True)
    if arg.lower() in ("allow", "on", "ok"):
        return SetWeekends(False)
    return Problem("usage_weekends")


def privacy(arg: str) -> SetPrivacy | ShowSetting | Problem:
    if not arg:
        return ShowSetting("privacy")
    try:
        return SetPrivacy(Privacy(arg.lower()))
    except ValueError:
        return Problem("usage_privacy")


def export(arg: str) -> ExportData:
    return ExportData()


def forget(arg: str) -> ForgetMe:
    return ForgetMe()


def setup(arg: str) -> SetUpGroup:
    return SetUpGroup()


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
