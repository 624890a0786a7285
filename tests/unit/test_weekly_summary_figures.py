"""The weekly summary's figures against a hand count (issue 12): a month of activity by members
in Berlin, Los Angeles and Tokyo, with a step that falls in different weeks depending on the
zone, and members of each privacy level. Fake and SQLite; PostgreSQL in tests/storage."""

from __future__ import annotations

import io
from dataclasses import replace

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import ActivityKind, Privacy
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, actor, at, text

A, N, F = ActivityKind.APPLIED, ActivityKind.NETWORKED, ActivityKind.FOLLOWUP_SENT
MONDAY = at("2026-12-28T08:00:00+00:00")  # 09:00 in Berlin: the summary's slot


def seed(uow: UnitOfWork) -> None:
    joined = at("2026-12-01T08:00:00+00:00")
    with uow() as repo:
        people = {}
        for name, tz, privacy in (
            ("Alex", "Europe/Berlin", Privacy.COUNTS),
            ("Sam", "America/Los_Angeles", Privacy.FULL),
            ("Kim", "Asia/Tokyo", Privacy.COUNTS),
            ("Lee", "Europe/Berlin", Privacy.PRIVATE),
        ):
            member = repo.ensure_member(actor(name), joined)
            repo.save_member(replace(member, timezone=tz, privacy=privacy))
            people[name] = member.id
        acme = repo.add_rejection(people["Sam"], "Acme", "Analyst", "private note", joined)
        for name, kind, when, detail in (
            ("Alex", A, "2026-12-07T10:00", "Old Co"),  # three weeks in a row, in Berlin
            ("Alex", A, "2026-12-14T10:00", "Older Co"),
            ("Alex", A, "2026-12-22T10:00", "Globex"),
            ("Alex", N, "2026-12-27T20:00", "coffee with Jo"),
            ("Sam", A, "2026-12-20T23:30", "Initech"),  # Sunday in LA: last week, out of window
            ("Kim", A, "2026-12-08T03:00", "Umbrella"),  # before a quiet week
            ("Kim", N, "2026-12-20T23:30", "meetup"),  # Monday in Tokyo, but before the window
            ("Kim", A, "2026-12-23T03:00", "Hooli"),
            ("Lee", A, "2026-12-23T10:00", "Hidden Co"),  # private: never counted
        ):
            repo.add_activity(people[name], kind, detail, at(f"{when}:00+00:00"))
        repo.add_activity(
            people["Sam"], F, "", at("2026-12-27T22:00:00+00:00"), rejection_id=acme.id
        )  # Sunday 14:00 in LA: this week
        repo.add_rejection(
            people["Alex"], "Pied Piper", "", "secret", at("2026-12-22T11:00:00+00:00")
        )
        for group in repo.groups():
            repo.save_group(replace(group, networking_schedule=""))


async def summary(uow: UnitOfWork) -> Outbound:
    sent = await run_due_pass(DueWork(uow, "Europe/Berlin"), RecordingMessenger().route, MONDAY)
    (post,) = [m for m in sent if m.destination.kind is DestinationKind.CHANNEL]
    return post


def png_size_and_colours(data: bytes) -> tuple[tuple[int, int], int]:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image.size, len(set(image.convert("RGB").getdata()))


async def test_the_summary_matches_a_hand_count(uow: UnitOfWork) -> None:
    seed(uow)
    post = await summary(uow)
    (chart,) = post.attachments
    assert chart.mime_type == "image/png" and chart.filename.endswith(".png")
    (width, height), colours = png_size_and_colours(chart.data)
    assert width >= 800 and height >= 400 and colours > 50, "a readable chart, not a blank"
    shown = text(post)
    totals = shown.split("Who kept moving")[0]
    for row in (
        "Applications: 2",  # Alex's Globex, Kim's Hooli (Lee is private, Sam's was last week)
        "Rejections logged: 1",
        "Follow-ups sent: 1",
        "Feedback received: 0",
        "Networking: 1",  # Alex's coffee; Kim's meetup was before the window
        "Events attended: 0",
    ):
        assert row in totals, row
    lines = shown.split("Who kept moving\n")[1].split("\nShout-outs")[0].splitlines()
    assert lines == [
        "• Alex: 1 application, 1 rejection logged, 1 networking step · 3 weeks in a row",
        "• Kim: 1 application",  # the meetup: Monday in Tokyo, before the window in Berlin
        "• Sam: 1 follow-up sent · 2 weeks in a row; followed up with Acme (Analyst)",
    ]
    shouts = shown.split("Shout-outs\n")[1]
    assert "Most follow-ups sent: Sam (1)" in shouts
    assert "Alex: 3 weeks in a row." in shouts
    assert "Welcome back, Kim: good to see you moving again." in shouts, "quiet the week before"
    for never in ("Lee", "Hidden", "Globex", "Hooli", "Pied Piper", "secret", "coffee", "note"):
        assert never not in shown, never
    assert "Initech" not in shown, "last week's, in Sam's own week too"
    assert "Shout-outs" in shown and shown.endswith("Have a good week, everyone.")


async def test_no_comeback_without_an_earlier_step_and_a_sunday_in_la_is_last_week(
    uow: UnitOfWork,
) -> None:
    seed(uow)
    with uow() as repo:
        kim = repo.find_member(actor("Kim"))
        assert kim is not None
        for activity in repo.activities_for_member(kim.id):
            if activity.detail == "Umbrella":
                repo.delete_activity(kim.id, activity.id)
    shown = text(await summary(uow))
    assert "Welcome back" not in shown, "a first active week is not a comeback"
    assert "Sam: 1 follow-up sent · 2 weeks in a row" in shown, "Sunday in LA, last week there"
