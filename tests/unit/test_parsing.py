"""The shared command grammar: what members type and what Rebound understands from it."""

from __future__ import annotations

import random

import pytest

from bot.commands.parsing import clean
from bot.commands.registry import parse
from bot.commands.requests import (
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
    ShowHistory,
    ShowSetting,
)
from bot.records import Privacy, Stage


def test_rejected_with_company_only() -> None:
    assert parse("rejected", "Acme Corp") == LogRejection("Acme Corp")


def test_rejected_markers_are_case_insensitive() -> None:
    assert parse("/rejected", "Acme Corp Role: Data Analyst NOTE: nice team") == LogRejection(
        "Acme Corp", "Data Analyst", "nice team"
    )
    assert parse("rejected", "Acme STAGE: Final role: PM") == LogRejection(
        "Acme", "PM", "", Stage.FINAL
    )


def test_everything_after_note_is_the_note() -> None:
    typed = "Acme note: great team, but the role: went to an internal candidate"
    assert parse("rejected", typed) == LogRejection(
        "Acme", "", "great team, but the role: went to an internal candidate"
    )
    # A second note: does not drop the first; a second role: before note: is role text.
    assert parse("rejected", "Acme role: PM role: Data note: one note: two stage: x") == (
        LogRejection("Acme", "PM role: Data", "one note: two stage: x")
    )
    # Words that merely end in a marker name are not markers.
    assert parse("rejected", "Acme payroll: fine") == LogRejection("Acme payroll: fine")


def _reassembled(request: LogRejection) -> str:
    parts = [request.company]
    if request.role:
        parts.append(f"role: {request.role}")
    if request.note:
        parts.append(f"note: {request.note}")
    return " ".join(parts)


@pytest.mark.parametrize("seed", range(40))
def test_company_role_and_note_reassemble_to_what_was_typed(seed: int) -> None:
    """Property: whatever order and repetition of markers, no typed word is lost or moved."""
    rng = random.Random(seed)
    words = ["Acme", "great", "team", "role:", "note:", "Role:", "NOTE:", "the", "x,", "y."]
    company = " ".join(rng.choice(["Acme", "Initech", "Pied Piper"]) for _ in range(2))
    role = " ".join(
        rng.choice(["Data", "Analyst", "role:", "PM"]) for _ in range(rng.randint(0, 3))
    )
    note = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
    typed = company
    if role and not role.lower().startswith("role:"):
        typed += f" role: {role}"
    if note:
        typed += f" note: {note}"
    request = parse("rejected", typed)
    assert isinstance(request, LogRejection)
    assert _reassembled(request) == " ".join(typed.split())
    if note:
        assert request.note == note.strip()


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("applied", Stage.APPLIED),
        ("CV", Stage.APPLIED),
        ("resume", Stage.APPLIED),
        ("CV stage", Stage.APPLIED),
        ("phone screen", Stage.SCREEN),
        ("Screen", Stage.SCREEN),
        ("interview", Stage.INTERVIEW),
        ("final round", Stage.FINAL),
        ("on-site", Stage.FINAL),
    ],
)
def test_stage_words(word: str, stage: Stage) -> None:
    assert parse("rejected", f"Acme stage: {word}") == LogRejection("Acme", stage=stage)


def test_unknown_stage_names_the_problem() -> None:
    assert parse("rejected", "Acme stage: lunch") == Problem("unknown_stage", (("stage", "lunch"),))
    assert parse("rejected", "Acme stage:") == Problem("unknown_stage", (("stage", ""),))


def test_list_is_history_and_a_company_called_list_can_still_be_logged() -> None:
    assert parse("rejected", "list") == ShowHistory("rejected")
    assert parse("rejected", " LIST 3 ") == ShowHistory("rejected", 3)
    assert parse("rejected", "list 0") == ShowHistory("rejected", 1)
    assert parse("rejected", "list -1") == ShowHistory("rejected", 1)
    assert parse("rejected", "list 12345") == ShowHistory("rejected", 12345)
    big = "99999999999999999999"
    assert parse("rejected", f"list {big}") == ShowHistory("rejected", int(big))
    assert parse("rejected", "list " + "9" * 5000) == ShowHistory("rejected", 10**18)
    assert parse("feedback", "list -1") == ShowHistory("feedback", 1)
    assert parse("feedback", f"list {big}") == ShowHistory("feedback", int(big))
    assert parse("rejected", "List role:") == LogRejection("List")
    assert parse("rejected", "List role: Analyst") == LogRejection("List", "Analyst")
    assert parse("rejected", "List Corp") == LogRejection("List Corp")
    assert parse("feedback", "list") == ShowHistory("feedback")
    assert parse("feedback", "list 2") == ShowHistory("feedback", 2)
    assert parse("feedback", "List: nice people") == LogFeedback("nice people", "List")


def test_feedback_asks_for_what_is_missing() -> None:
    assert parse("feedback", ": nothing") == Problem("feedback_which_company")
    assert parse("feedback", "Acme:") == LogFeedback("", "Acme")  # the core asks what they said
    assert parse("feedback", "Hooli: they said culture fit") == LogFeedback(
        "they said culture fit", "Hooli"
    )


def test_emoji_joiners_survive_and_spoofing_characters_do_not() -> None:
    assert clean("Team 👩\u200d💻 Labs") == "Team 👩\u200d💻 Labs"
    assert parse("rejected", "Team 👩\u200d💻 Labs") == LogRejection("Team 👩\u200d💻 Labs")
    family = "👨\u200d👩\u200d👧\u200d👦 Co"
    assert clean(family) == family
    heart = "❤\ufe0f\u200d🔥 Studio"  # variation selector before the joiner
    assert clean(heart) == heart
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Ltd"
    assert clean(scotland) == scotland
    assert clean("\u202eevil") == "evil"
    assert clean("Ac\u200dme") == "Acme", "a joiner between letters is a spoofing trick"
    assert clean("👩\u200d Labs") == "👩 Labs", "a joiner must join two emoji"
    hidden = "Acme\u200b\u200c\u2060\ufeff\u2066\u2069\u00ad\U000e0041 Corp"
    assert clean(hidden) == "Acme Corp"


def test_rejected_without_company_shows_usage() -> None:
    assert parse("rejected", "   ") == Problem("usage_rejected")
    assert parse("rejected", "role: Analyst") == Problem("usage_rejected")


def test_limits_are_named() -> None:
    assert parse("rejected", "A" * 101) == Problem(
        "too_long", (("what", "company name"), ("limit", "100"))
    )
    assert parse("rejected", "A" * 100) == LogRejection("A" * 100)
    # Matched casefolded: 100 ligatures become 300 letters, more than a stored key holds, so
    # PostgreSQL refused every try; now the member is told the name is too long.
    assert parse("rejected", "\ufb03" * 100) == Problem(
        "too_long", (("what", "company name"), ("limit", "100"))
    )
    assert parse("rejected", "\ufb03" * 60) == LogRejection("\ufb03" * 60)
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
