"""`/momentum` (a member's own week, only to them), `/momentum share` (a card in the group
channel at the detail their privacy allows) and `/momentum group` (issue 12 item 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import Core
from bot.ports import UnitOfWork
from bot.values import DestinationKind
from tests.helpers import at, button, press, slash, text

MONDAY = at("2026-12-07T09:00:00+01:00")
NOON = MONDAY + timedelta(days=1, hours=3)  # Tuesday


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


def log(core: Core, who: str = "Alex") -> None:
    for weeks_ago in (1, 2):  # a streak: the two weeks before, and this one
        core.handle(slash("applied", f"Old{weeks_ago}", who=who), NOON - timedelta(weeks=weeks_ago))
    core.handle(slash("applied", "Globex role: PM", who=who), NOON)
    core.handle(slash("networked", "coffee with Jo from Acme", who=who), NOON)
    logged = core.handle(slash("rejected", "Initech note: secret note", who=who), NOON)
    draft = core.handle(press(button(logged[0], "See the first draft now"), who=who), NOON)
    core.handle(press(button(draft[0], "I sent it"), who=who), NOON)
    core.handle(slash("rebound", "goal networking 2", who=who), NOON)


def test_my_week_is_mine_alone_with_streak_goals_and_trend(core: Core) -> None:
    log(core)
    (mine,) = core.handle(slash("momentum"), NOON + timedelta(minutes=1))
    assert mine.destination.kind is DestinationKind.EPHEMERAL
    (chart,) = mine.attachments
    assert chart.mime_type == "image/png" and chart.data.startswith(b"\x89PNG")
    shown = text(mine)
    assert "Your week so far (since Mon 7 Dec 2026)" in shown
    assert "1 application, 1 rejection logged, 1 follow-up sent, 1 networking step" in shown
    assert "3 weeks in a row" in shown
    assert "Networking steps: 1 of 2" in shown
    assert "Your last 8 weeks, oldest first: 0 · 0 · 0 · 0 · 0 · 1 · 1 · 4 steps." in shown


def test_share_posts_a_card_as_privacy_allows(core: Core) -> None:
    log(core)
    post, told = core.handle(slash("momentum", "share"), NOON + timedelta(minutes=1))
    assert (post.destination.kind, post.destination.channel_id) == (
        DestinationKind.CHANNEL,
        "general",
    )
    assert "Shared your week" in text(told)
    (chart,) = post.attachments
    assert chart.mime_type == "image/png" and chart.data.startswith(b"\x89PNG")
    card = text(post)
    assert card.startswith("Alex's week so far\n1 application, 1 rejection logged")
    assert "3 weeks in a row" in card and "Goals: networking 1 of 2" in card
    for never in ("Globex", "Initech", "secret", "Jo", "Acme"):
        assert never not in card, "counts: numbers only"
    core.handle(slash("rebound", "privacy full"), NOON)
    post, _ = core.handle(slash("momentum", "share"), NOON + timedelta(minutes=2))
    card = text(post)
    assert "Applied to Globex (PM)" in card and "Followed up with Initech" in card
    assert "secret" not in card and "Jo" not in card, "never a note or what they wrote"


def test_a_private_member_shares_nothing(core: Core) -> None:
    log(core, "Kai")
    core.handle(slash("rebound", "privacy private", who="Kai"), NOON)
    (refused,) = core.handle(slash("momentum", "share", who="Kai"), NOON)
    assert refused.destination.kind is DestinationKind.EPHEMERAL
    assert "didn't share anything" in text(refused)
    (group,) = core.handle(slash("momentum", "group", who="Sam"), NOON)
    assert "Kai" not in text(group) and "Applications: 0" in text(group)


def test_momentum_with_a_word_it_does_not_know(core: Core) -> None:
    (answer,) = core.handle(slash("momentum", "everyone"), NOON)
    assert "`/momentum share`" in text(answer) and "`/momentum group`" in text(answer)
