"""The shared command grammar: what members type and what Rebound understands from it."""

from __future__ import annotations

import pytest

from bot.parsing import (
    ExportData,
    ForgetMe,
    ListFollowUps,
    LogApplied,
    LogFeedback,
    LogNetworking,
    LogRejection,
    Problem,
    SetPrivacy,
    SetQuietHours,
    SetTimezone,
    ShowHelp,
    ShowSetting,
    clean,
    parse,
)
from bot.records import Privacy


def test_rejected_with_company_only() -> None:
    assert parse("rejected", "Acme Corp") == LogRejection("Acme Corp")


def test_rejected_markers_are_case_insensitive_and_in_any_order() -> None:
    assert parse("/rejected", "Acme Corp NOTE: nice team Role: Data Analyst") == LogRejection(
        "Acme Corp", "Data Analyst", "nice team"
    )


def test_rejected_without_company_shows_usage() -> None:
    assert parse("rejected", "   ") == Problem("usage_rejected")
    assert parse("rejected", "role: Analyst") == Problem("usage_rejected")


def test_limits_are_named() -> None:
    assert parse("rejected", "A" * 101) == Problem(
        "too_long", (("what", "company name"), ("limit", "100"))
    )
    assert parse("rejected", "A" * 100) == LogRejection("A" * 100)
    assert parse("rejected", "Acme note: " + "x" * 1001) == Problem(
        "too_long", (("what", "note"), ("limit", "1000"))
    )


def test_control_characters_are_stripped() -> None:
    assert parse("rejected", "Ac\x00me\x1b[2J Corp\u200b") == LogRejection("Acme[2J Corp")
    assert clean("line one\nline\ttwo", keep_newlines=True) == "line one\nline two"


def test_feedback_with_and_without_colon() -> None:
    assert parse("feedback", "Acme Corp: more SQL please") == LogFeedback(
        "more SQL please", "Acme Corp"
    )
    assert parse("feedback", "Acme wanted more SQL") == LogFeedback("Acme wanted more SQL")
    assert parse("feedback", "") == Problem("usage_feedback")


def test_activity_commands() -> None:
    assert parse("applied", "Globex role: Designer") == LogApplied("Globex", "Designer")
    assert parse("applied", "") == Problem("usage_applied")
    assert parse("networked", "coffee with Sam") == LogNetworking("coffee with Sam")
    assert parse("networked", "") == Problem("usage_networked")
    assert parse("followups", "") == ListFollowUps()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ShowHelp()),
        ("help", ShowHelp()),
        ("timezone Europe/Berlin", SetTimezone("Europe/Berlin")),
        ("timezone", ShowSetting("timezone")),
        ("tz", ShowSetting("timezone")),
        ("quiet", ShowSetting("quiet")),
        ("  weekends  ", ShowSetting("weekends")),
        ("Privacy", ShowSetting("privacy")),
        ("weekends sometimes", Problem("usage_weekends")),
        ("quiet 22:00-7:30", SetQuietHours("22:00", "07:30")),
        ("quiet off", SetQuietHours("", "")),
        ("quiet 25:00-07:00", Problem("usage_quiet")),
        ("quiet 9am", Problem("usage_quiet")),
        ("privacy FULL", SetPrivacy(Privacy.FULL)),
        ("privacy public", Problem("usage_privacy")),
        ("export", ExportData()),
        ("forget", ForgetMe()),
        ("dance", Problem("unknown_subcommand", (("sub", "dance"),))),
    ],
)
def test_rebound_subcommands(text: str, expected: object) -> None:
    assert parse("rebound", text) == expected


def test_unknown_command() -> None:
    assert parse("hire-me", "") == Problem("unknown_command", (("command", "hire-me"),))
