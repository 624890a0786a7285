"""`/rebound settings` and `/rebound admin`: what each subcommand reads, and the specific answer
(with an example) that bad input gets instead of a change."""

from __future__ import annotations

import pytest

from bot.commands.admins import ChangeAdmins, mentioned
from bot.commands.registry import parse
from bot.commands.requests import Problem
from bot.commands.settings import ChangeSetting, ShowSettings
from bot.messages.replies import PROBLEMS


@pytest.mark.parametrize(
    ("typed", "setting", "value"),
    [
        ("timezone Europe/Berlin", "timezone", "Europe/Berlin"),
        ("tz europe/berlin", "timezone", "Europe/Berlin"),
        ("timezone UTC", "timezone", "UTC"),
        ("summary fri 17:00", "summary", "fri 17:00"),
        ("summary Friday 7:05", "summary", "fri 07:05"),
        ("summary off", "summary", ""),
        ("networking wed 12:00", "networking", "wed 12:00"),
        ("cadence 1 3 21", "cadence", "1 3 21"),
        ("cadence 0, 2, 365", "cadence", "0 2 365"),
        ("cadence standard", "cadence", ""),
        ("quiet 21:00-08:00", "quiet", "21:00-08:00"),
        ("quiet off", "quiet", ""),
        ("weekends skip", "weekends", "skip"),
        ("weekends keep", "weekends", "keep"),
        ("weekends allow", "weekends", "keep"),
        ("posts off", "posts", "off"),
        ("POSTS On", "posts", "on"),
    ],
)
def test_each_change_reads_a_normalised_value(typed: str, setting: str, value: str) -> None:
    assert parse("rebound", f"settings {typed}") == ChangeSetting(setting, value)  # type: ignore[arg-type]


def test_settings_alone_shows_them() -> None:
    assert parse("rebound", "settings") == ShowSettings()


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("colour blue", "settings_unknown"),
        ("timezone", "settings_timezone"),
        ("timezone Mars/Olympus", "settings_timezone"),
        ("timezone EST", "settings_timezone"),
        ("timezone UTC+2", "settings_timezone"),
        ("summary", "settings_slot"),
        ("summary someday 17:00", "settings_slot"),
        ("summary fri 25:00", "settings_slot"),
        ("networking wed", "settings_slot"),
        ("cadence", "settings_cadence"),
        ("cadence 1 3", "settings_cadence"),
        ("cadence 3 1 21", "settings_cadence"),
        ("cadence 1 1 21", "settings_cadence"),
        ("cadence 1 3 400", "settings_cadence"),
        ("cadence -1 3 21", "settings_cadence"),
        ("cadence one three", "settings_cadence"),
        ("quiet", "settings_quiet"),
        ("quiet 9pm-7am", "settings_quiet"),
        ("quiet 08:00-08:00", "settings_quiet"),
        ("weekends", "settings_weekends"),
        ("weekends maybe", "settings_weekends"),
        ("posts", "settings_posts"),
        ("posts sometimes", "settings_posts"),
    ],
)
def test_bad_input_gets_its_own_answer_with_an_example(typed: str, problem: str) -> None:
    found = parse("rebound", f"settings {typed}")
    assert isinstance(found, Problem) and found.message == problem
    words = PROBLEMS[problem]
    assert "for example" in words or "`/rebound settings" in words
    if problem == "settings_slot":
        assert dict(found.params)["what"] == typed.split()[0]


@pytest.mark.parametrize(
    ("text", "user_id", "label"),
    [
        ("<@U123ABC|sam>", "U123ABC", "sam"),  # Slack, escaped with a name
        ("<@U123ABC>", "U123ABC", ""),  # Slack without one
        ("<@W0ENTERPRISE|kim>", "W0ENTERPRISE", "kim"),  # an Enterprise Grid user
        ("<@123456789012345678>", "123456789012345678", ""),  # Discord
        ("<@!123456789012345678>", "123456789012345678", ""),  # Discord's nickname mention
        ("  <@sam>  ", "sam", ""),  # the console's ids
    ],
)
def test_mentions_of_every_platform_name_one_user(text: str, user_id: str, label: str) -> None:
    assert mentioned(text) == user_id
    assert parse("rebound", f"admin add {text}") == ChangeAdmins("add", user_id, label)
    assert parse("rebound", f"admin remove {text}") == ChangeAdmins("remove", user_id, label)


@pytest.mark.parametrize(
    "text", ["@sam", "sam", "<#C123|general>", "<@U1> <@U2>", "<!channel>", "<@>", "<@U1|a>b"]
)
def test_anything_but_one_mention_is_refused_with_an_example(text: str) -> None:
    found = parse("rebound", f"admin add {text}")
    assert isinstance(found, Problem) and found.message == "admin_mention"
    assert "/rebound admin add @Sam" in PROBLEMS["admin_mention"]


@pytest.mark.parametrize("typed", ["", "list", "LIST", "admins"])
def test_admin_list(typed: str) -> None:
    name = "admins" if typed == "admins" else "admin"
    text = "" if typed == "admins" else typed
    assert parse("rebound", f"{name} {text}".strip()) == ChangeAdmins("list")


@pytest.mark.parametrize("typed", ["add", "remove", "promote <@U1>", "list <@U1>"])
def test_admin_usage(typed: str) -> None:
    found = parse("rebound", f"admin {typed}")
    assert isinstance(found, Problem) and found.message == "admin_usage"
