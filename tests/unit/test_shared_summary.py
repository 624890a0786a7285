"""`/rebound privacy full` is true: the weekly post and `/momentum` name members who chose it,
with the companies they applied to or followed up with; `counts` members only add to the numbers,
`private` members add nothing, and no note or feedback ever reaches the group."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.messages.account import PRIVACY_MEANS, PRIVACY_SET
from bot.messages.replies import PROBLEMS
from bot.ports import UnitOfWork
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, button, press, slash, text

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


def log_a_week(core: Core) -> None:
    """Sam shares in full, Alex shares counts (the default), Kai is private; all of them apply,
    follow up and leave feedback with notes that must stay theirs."""
    core.handle(slash("rebound", "privacy full", who="Sam"), TUESDAY)
    core.handle(slash("rebound", "privacy private", who="Kai"), TUESDAY)
    for who, applied, rejected in [
        ("Sam", "Globex role: Product Designer", "Acme Corp"),
        ("Alex", "Umbrella", "Initech"),
        ("Kai", "Hooli", "Pied Piper"),
    ]:
        core.handle(slash("applied", applied, who=who), TUESDAY)
        logged = core.handle(slash("rejected", f"{rejected} note: secret {who}", who=who), TUESDAY)
        draft = core.handle(press(button(logged[0], "See the first draft now"), who=who), TUESDAY)
        core.handle(press(button(draft[0], "I sent it"), who=who), TUESDAY)
        core.handle(slash("feedback", f"{rejected}: feedback {who}", who=who), TUESDAY)
        core.handle(slash("networked", f"coffee at Networkco {who}", who=who), TUESDAY)
    core.handle(slash("applied", "Globex", who="Sam"), TUESDAY + timedelta(hours=1))


def assert_only_full_members_are_named(shown: str) -> None:
    assert "Sam: applied to Globex (Product Designer) and Globex" in shown
    assert "followed up with Acme Corp" in shown
    for never in ("Umbrella", "Initech", "Hooli", "Pied Piper", "Alex", "Kai"):
        assert never not in shown, never
    for never in ("secret", "feedback Sam", "Networkco"):
        assert never not in shown, never


async def test_the_weekly_post_names_full_members_with_their_companies_only(
    core: Core, uow: UnitOfWork
) -> None:
    log_a_week(core)
    messenger = RecordingMessenger()
    work = DueWork(uow, "Europe/Berlin")
    sent: list[Outbound] = []
    for moment in (TUESDAY + timedelta(hours=2), datetime(2026, 12, 2, 12, 0, tzinfo=BERLIN)):
        sent += await run_due_pass(work, messenger.route, moment)
    sent += await run_due_pass(work, messenger.route, MONDAY)
    group_posts = [m for m in sent if m.destination.kind is DestinationKind.CHANNEL]
    assert len(group_posts) == 2, "a networking prompt and one summary"
    for post in group_posts:
        for never in ("Umbrella", "Initech", "Hooli", "Pied Piper", "secret", "Networkco"):
            assert never not in text(post), never
    summary = text(group_posts[-1])
    assert "Applications: 3" in summary, "counts members add to the numbers, private ones not"
    assert "Follow-ups sent: 2" in summary and "Rejections logged: 2" in summary
    numbers = "1 rejection logged, 1 follow-up sent, 1 feedback saved, 1 networking step"
    sam = (
        f"Sam: 2 applications, {numbers}; applied to Globex (Product Designer) and Globex; "
        "followed up with Acme Corp"
    )
    assert sam in summary, "full: numbers and companies"
    assert f"Alex: 1 application, {numbers}\n" in summary, "counts: numbers, no company"
    for never in ("Umbrella", "Initech", "Hooli", "Pied Piper", "Kai", "secret", "Networkco"):
        assert never not in summary, never


def test_momentum_names_full_members_too(core: Core) -> None:
    log_a_week(core)
    (reply,) = core.handle(slash("momentum", "group", who="Alex"), TUESDAY + timedelta(hours=2))
    shown = text(reply)
    assert (
        "Sam: 2 applications" in shown
        and "applied to Globex (Product Designer) and Globex" in shown
    )
    assert "followed up with Acme Corp" in shown and "Alex: 1 application" in shown
    for never in ("Umbrella", "Initech", "Hooli", "Pied Piper", "Kai", "secret", "Networkco"):
        assert never not in shown, never


def test_without_full_members_the_summary_is_numbers_only(core: Core) -> None:
    core.handle(slash("applied", "Umbrella", who="Alex"), TUESDAY)
    (reply,) = core.handle(slash("momentum", "group", who="Alex"), TUESDAY + timedelta(hours=1))
    assert "Applications: 1" in text(reply)
    assert "Umbrella" not in text(reply) and "Shared by" not in text(reply)


def test_readme_and_every_privacy_reply_say_the_same_thing() -> None:
    readme = README.read_text()
    for level, means in PRIVACY_MEANS.items():
        assert f"`{level}`: {means}" in readme, level
        assert f"`{level}`: {means}" in PROBLEMS["usage_privacy"]
        assert means in PRIVACY_SET[level]
    assert "only, never names or companies" not in readme


async def test_the_weekly_posts_notification_counts_one_step_in_the_singular(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(slash("applied", "Umbrella", who="Alex"), TUESDAY)
    sent = await run_due_pass(DueWork(uow, "Europe/Berlin"), RecordingMessenger().route, MONDAY)
    (post,) = [m for m in sent if m.destination.kind is DestinationKind.CHANNEL]
    assert post.summary == "Weekly momentum: 1 step"
