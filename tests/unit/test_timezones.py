"""Zones a person types: real places are taken, abbreviations and fixed offsets are answered with
a real zone to use instead, wherever a zone can be set (chat, `--tz`, `REBOUND_TIMEZONE`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from pydantic import ValidationError

from bot import timezones
from bot.core import Core
from bot.ports import UnitOfWork
from bot.runtime.settings import Settings, explain
from tests.helpers import actor, at, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("EST", "America/New_York"),
        ("est", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("CET", "Europe/Berlin"),
        ("GMT", "Europe/London"),
        ("GMT+2", "Europe/Athens"),
        ("UTC+5", "Asia/Karachi"),
        ("UTC+05:30", "Asia/Kolkata"),
        ("UTC-3", "America/Sao_Paulo"),
        ("Etc/GMT-2", "Europe/Athens"),  # POSIX signs: two hours ahead of Greenwich
        ("EST5EDT", "America/New_York"),
    ],
)
def test_abbreviations_and_offsets_get_a_real_zone(typed: str, place: str) -> None:
    assert timezones.fixed_offset(typed)
    assert timezones.suggest(typed) == place
    assert place in str(timezones.refusal(typed))


@pytest.mark.parametrize("name", ["UTC", "Etc/UTC", "utc", "Europe/Berlin", "America/New_York"])
def test_places_and_utc_itself_are_accepted(name: str) -> None:
    assert not timezones.fixed_offset(name)
    assert timezones.refusal(name) is None


def test_a_member_typing_est_is_offered_new_york_and_keeps_their_zone(uow: UnitOfWork) -> None:
    core = Core(uow, "UTC")
    (reply,) = core.handle(slash("rebound", "timezone EST"), NOON)
    shown = text(reply)
    assert "`EST` is an abbreviation or a fixed offset" in shown
    assert "/rebound timezone America/New_York" in shown
    for typed in ("PST", "GMT+2", "UTC+5", "CET"):
        assert "fixed offset" in text(core.handle(slash("rebound", f"timezone {typed}"), NOON)[0])
    with uow() as repo:
        assert repo.ensure_member(actor("Alex"), NOON).timezone is None
    (utc,) = core.handle(slash("rebound", "timezone UTC"), NOON)
    assert "fixed offset" not in text(utc)
    with uow() as repo:
        assert repo.ensure_member(actor("Alex"), NOON).timezone == "UTC"


def test_rebound_timezone_setting_refuses_an_abbreviation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REBOUND_TIMEZONE", "EST")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    (line,) = explain(caught.value)
    assert line.startswith("REBOUND_TIMEZONE=EST: ")
    assert "America/New_York" in line


def test_bad_settings_are_each_named_with_value_and_what_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DUE_INTERVAL_SECONDS", "1")
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    monkeypatch.setenv("PORT", "99999")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    lines = explain(caught.value)
    assert lines == [
        "LOG_LEVEL=verbose: use one of DEBUG, INFO, WARNING, ERROR, CRITICAL. "
        "Python logging level name.",
        "DUE_INTERVAL_SECONDS=1: must be a whole number between 5 and 300. "
        "How often due work runs, in seconds.",
        "PORT=99999: must be a whole number between 1 and 65535. HTTP port: Slack's HTTP mode, "
        "and /healthz, /readyz, /metrics in every mode.",
    ]


def test_the_console_zone_becomes_the_groups_zone(uow: UnitOfWork) -> None:
    core = Core(uow, "Asia/Tokyo", group_timezone="Asia/Tokyo")
    core.handle(slash("applied", "Acme"), NOON)
    with uow() as repo:
        (group,) = repo.groups()
        assert group.timezone == "Asia/Tokyo"
        repo.save_group(replace(group, timezone="Europe/Berlin"))  # an earlier run's --tz
    core.handle(slash("momentum"), datetime.fromisoformat("2026-12-01T13:00:00+00:00"))
    with uow() as repo:
        assert repo.groups()[0].timezone == "Asia/Tokyo", "the zone it runs in now"
    plain = Core(uow, "UTC")  # Slack and `rebound tick` leave a group's zone alone
    plain.handle(slash("applied", "Initech"), NOON)
    with uow() as repo:
        assert repo.groups()[0].timezone == "Asia/Tokyo"
