"""Autocomplete's choices (`Core.suggest`): a member's own rejected companies for `/feedback`,
IANA zones for `/rebound timezone`; nothing for, or stored about, someone Rebound does not know."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import Core
from bot.ports import UnitOfWork
from tests.helpers import actor, slash

START = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("UTC"))


def reject(core: Core, company: str, who: str = "Alex", minutes: int = 0) -> None:
    core.handle(slash("rejected", company, who=who), START + timedelta(minutes=minutes))


def test_feedback_offers_the_members_own_rejections_newest_first(core: Core) -> None:
    reject(core, "Acme Corp")
    reject(core, "Globex", minutes=1)
    reject(core, "Initech", minutes=2)
    reject(core, "ACME CORP", minutes=3 * 24 * 60)  # again days later (kept in its first spelling)
    reject(core, "Umbrella", who="Sam", minutes=4)
    core.handle(slash("applied", "Hooli"), START)
    assert core.suggest(actor("Alex"), "feedback", "company", "") == [
        "Acme Corp",
        "Initech",
        "Globex",
    ]
    assert core.suggest(actor("Alex"), "feedback", "company", " co") == ["Acme Corp"]
    assert core.suggest(actor("Alex"), "feedback", "company", "umbr") == []
    assert core.suggest(actor("Sam"), "feedback", "company", "") == ["Umbrella"]


def test_at_most_25_companies_are_offered(core: Core) -> None:
    for index in range(30):
        reject(core, f"Company {index:02d}", minutes=index)
    offered = core.suggest(actor("Alex"), "feedback", "company", "company")
    assert len(offered) == 25 and offered[0] == "Company 29" and offered[-1] == "Company 05"


def test_zones_match_what_was_typed_in_any_case_cities_first(core: Core) -> None:
    core.handle(slash("momentum"), START)
    assert core.suggest(actor(), "timezone", "zone", "berl") == ["Europe/Berlin"]
    offered = core.suggest(actor(), "timezone", "zone", "new york")
    assert offered[0] == "America/New_York"
    lon = core.suggest(actor(), "timezone", "zone", "LON")
    assert lon[:2] == ["Europe/London", "Arctic/Longyearbyen"] and all(
        "lon" in zone.lower() for zone in lon
    )
    assert len(core.suggest(actor(), "timezone", "zone", "")) == 25
    assert len(core.suggest(actor(), "timezone", "zone", "a")) == 25


def test_an_unknown_member_gets_nothing_and_nothing_is_stored(core: Core, uow: UnitOfWork) -> None:
    reject(core, "Acme Corp")
    assert core.suggest(actor("Stranger"), "feedback", "company", "") == []
    assert core.suggest(actor("Stranger"), "timezone", "zone", "berl") == []
    assert core.suggest(actor("Alex", workspace="T2"), "feedback", "company", "") == []
    with uow() as repo:
        assert repo.find_member(actor("Stranger")) is None
        assert repo.find_member(actor("Alex", workspace="T2")) is None


def test_options_without_suggestions_offer_nothing(core: Core) -> None:
    reject(core, "Acme Corp")
    assert core.suggest(actor(), "rejected", "company", "") == []
    assert core.suggest(actor(), "nonsense", "company", "") == []
