"""Scheduled Slack DMs through the real slack_sdk client when Slack's answer goes wrong after it
kept the message (a 500, a timeout): the retry looks at the DM's history and sends nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.config import SlackConfig
from adapters.slack.messenger import SlackMessenger
from adapters.slack.runtime import web_client
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState
from bot.values import Actor, Attachment, Destination, DestinationKind, Outbound, Paragraph, Span
from tests.adapters.fake_slack import FakeSlack

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
TIMEOUT_SECONDS = 1


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


def slack_route(fake: FakeSlack) -> dict[str, SlackMessenger]:
    """Production's client settings (retry handlers included), with a short timeout."""

    async def client_for(_team: str) -> AsyncWebClient:
        client = web_client(SlackConfig(api_url=fake.api_url), "xoxb-T1")
        client.timeout = TIMEOUT_SECONDS
        return client

    return {"slack": SlackMessenger(client_for)}


def seed(uow: UnitOfWork) -> FollowUp:
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        member = repo.ensure_member(ALEX, logged)
        for group in repo.groups():  # DMs only in these tests
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
        rejection = repo.add_rejection(member.id, "Acme", "", "", logged)
        return repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged)


def current(uow: UnitOfWork, followup_id: int) -> FollowUp:
    with uow() as repo:
        found = repo.get_followup(followup_id)
    assert found is not None
    return found


@pytest.mark.parametrize("fault", ["500", "timeout"])
async def test_slack_kept_the_dm_but_answered_badly_and_the_member_gets_it_once(
    uow: UnitOfWork, fake: FakeSlack, fault: str
) -> None:
    item = seed(uow)
    work = DueWork(uow, "Europe/Berlin")
    route = slack_route(fake)
    if fault == "500":
        fake.accept_then_fail("chat.postMessage", status=500)
    else:
        fake.accept_then_stall("chat.postMessage", seconds=TIMEOUT_SECONDS + 2)
    assert await run_due_pass(work, route, DUE) == []
    assert len(fake.messages("U1")) == 1, "Slack kept the first attempt"
    retry = current(uow, item.id)
    assert (retry.state, retry.check_first) == (FollowUpState.PENDING, True)

    delivered = await run_due_pass(work, route, retry.due_at)
    assert len(delivered) == 1
    assert len(fake.messages("U1")) == 1, "one DM only"
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert fake.calls_to("conversations.history"), "the retry read the DM's history first"
    assert current(uow, item.id).state is FollowUpState.SENT


async def test_a_500_before_slack_kept_anything_is_sent_again_once(
    uow: UnitOfWork, fake: FakeSlack
) -> None:
    item = seed(uow)
    work = DueWork(uow, "Europe/Berlin")
    route = slack_route(fake)
    fake.fail_next("chat.postMessage", status=500, error="internal_error")
    await run_due_pass(work, route, DUE)
    assert fake.messages("U1") == []
    await run_due_pass(work, route, current(uow, item.id).due_at)
    assert len(fake.messages("U1")) == 1
    assert current(uow, item.id).state is FollowUpState.SENT


async def test_a_refusal_or_rate_limit_is_not_ambiguous(uow: UnitOfWork, fake: FakeSlack) -> None:
    item = seed(uow)
    work = DueWork(uow, "Europe/Berlin")
    route = slack_route(fake)
    fake.fail_next("chat.postMessage", status=429, retry_after=1, times=3)
    await run_due_pass(work, route, DUE)
    assert current(uow, item.id).check_first is False
    fake.error_next("chat.postMessage", "not_allowed_token_type")
    await run_due_pass(work, route, current(uow, item.id).due_at)
    assert current(uow, item.id).check_first is False
    assert fake.calls_to("conversations.history") == []


async def test_when_history_cannot_be_read_the_retry_waits_instead_of_sending(
    uow: UnitOfWork, fake: FakeSlack
) -> None:
    item = seed(uow)
    work = DueWork(uow, "Europe/Berlin")
    route = slack_route(fake)
    fake.accept_then_fail("chat.postMessage", status=503)
    await run_due_pass(work, route, DUE)
    fake.fail_next("conversations.history", status=500, error="internal_error")
    await run_due_pass(work, route, current(uow, item.id).due_at)
    assert len(fake.calls_to("chat.postMessage")) == 1, "no second post while history is down"
    waiting = current(uow, item.id)
    assert (waiting.state, waiting.check_first) == (FollowUpState.PENDING, True)
    await run_due_pass(work, route, waiting.due_at)
    assert len(fake.messages("U1")) == 1
    assert current(uow, item.id).state is FollowUpState.SENT


async def test_a_file_upload_that_times_out_leaves_the_delivered_message_delivered(
    fake: FakeSlack,
) -> None:
    fake.delay_next("files.getUploadURLExternal", TIMEOUT_SECONDS + 2)
    message = Outbound(
        Destination(DestinationKind.DM, "slack", "T1", user_id="U1"),
        (Paragraph((Span("Your export"),)),),
        summary="Your export",
        attachments=(Attachment("export.json", "application/json", b"{}"),),
    )
    delivery = await slack_route(fake)["slack"].send(message)
    assert delivery.ok, "the message went out: sending it again would send it twice"
    assert len(fake.messages("U1")) == 1


MIXED_ITEMS = 50


async def test_fifty_dms_through_mixed_slack_faults_arrive_exactly_once(
    uow: UnitOfWork, fake: FakeSlack
) -> None:
    """One due pass over 50 members while Slack refuses some posts outright (500 before
    keeping them), keeps some and then answers 500 or 503, keeps some and never answers in
    time, and fails to open some DMs: later passes retry, and every member has exactly one DM."""
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        for n in range(MIXED_ITEMS):
            who = replace(ALEX, user_id=f"U{100 + n}", display_name=f"Member {n}")
            member = repo.ensure_member(who, logged)
            rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
            repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged)
        for group in repo.groups():
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    work = DueWork(uow, "Europe/Berlin")
    route = slack_route(fake)
    fake.fail_next("chat.postMessage", status=500, error="internal_error", times=5)
    fake.accept_then_fail("chat.postMessage", status=500, times=4)
    fake.accept_then_fail("chat.postMessage", status=503, times=3)
    fake.accept_then_stall("chat.postMessage", seconds=TIMEOUT_SECONDS + 1, times=3)
    fake.fail_next("conversations.open", status=502, error="bad_gateway", times=2)
    faults = 5 + 4 + 3 + 3 + 2

    now, passes = DUE, 0
    while passes < 12:
        await run_due_pass(work, route, now)
        passes += 1
        with uow() as repo:
            waiting = repo.next_due_at(frozenset({"slack"}))
        if waiting is None:
            break
        now = max(now, waiting) + timedelta(seconds=1)

    per_key: dict[str, int] = {}
    for n in range(MIXED_ITEMS):
        for message in fake.messages(f"U{100 + n}"):
            for key in message["metadata"]["event_payload"]["keys"].split():
                per_key[key] = per_key.get(key, 0) + 1
    assert len(per_key) == MIXED_ITEMS, "no DM lost"
    assert set(per_key.values()) == {1}, "no DM twice"
    # Posts Slack kept are never made again; only the 5 it refused before keeping are.
    assert len(fake.calls_to("chat.postMessage")) == MIXED_ITEMS + 5
    assert faults == 17 and passes > 1
    assert fake.calls_to("conversations.history"), "ambiguous failures looked before resending"
