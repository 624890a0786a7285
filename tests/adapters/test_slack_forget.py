"""`/rebound forget` on Slack: the member's rows go, and so does everything the bot left in
their DM that could name a company (nudges, "marked as sent" notes, export files), also a nudge
that was on its way while they pressed the button."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import Engine, func, select

from bot.delivery.due import run_due_pass
from storage import models
from tests.adapters.conftest import NOON, SlackHarness, eventually
from tests.adapters.slack_requests import (
    JSON_CONTENT_TYPE,
    app_home_opened_event,
    event_body,
    slash_command_body,
    state_value,
    view_submission_body,
)
from tests.adapters.test_slack_app import buttons, command, nudge, open_editor, press, shown


async def forget(slack: SlackHarness) -> None:
    ask = await command(slack, "rebound", "forget")
    assert "deleted" in await press(slack, buttons(ask)["Yes, delete everything"], "gone", ask)


async def test_forget_deletes_the_nudge_dms_and_app_home_does_not_bring_the_member_back(
    slack: SlackHarness, engine: Engine
) -> None:
    dm = await nudge(slack)
    assert "Acme Corp" in json.dumps(dm["blocks"])
    await forget(slack)
    await eventually(lambda: slack.fake.deleted)
    assert slack.fake.messages("DU1") == []  # the DM that named the company is gone
    assert slack.fake.deleted == [{"channel": "DU1", "ts": dm["ts"]}]

    body = event_body(app_home_opened_event("U1"), event_id="Ev-after-forget")
    assert (await slack.post(body, JSON_CONTENT_TYPE)).status == 200
    await eventually(lambda: "U1" in slack.fake.home_views)
    assert "Welcome to Rebound" in json.dumps(slack.fake.home_views["U1"]["blocks"])
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.MemberRow)) == 0


async def test_forget_deletes_every_nudge_dm_also_those_from_before_a_snooze(
    slack: SlackHarness,
) -> None:
    first = await nudge(slack)
    assert "Snoozed" in await press(slack, buttons(first)["Snooze 1 day"], "snooze", first)
    await run_due_pass(slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(days=2))
    assert len(slack.fake.messages("DU1")) == 2, "the snoozed nudge came again"
    await forget(slack)
    await eventually(lambda: len(slack.fake.deleted) >= 2)
    assert slack.fake.messages("DU1") == [], "no DM naming the company is left"


async def test_forget_deletes_the_export_file_and_the_marked_as_sent_note(
    slack: SlackHarness,
) -> None:
    dm = await nudge(slack)
    submit = view_submission_body(
        "followup.edit",
        str((await open_editor(slack, dm))["private_metadata"]),
        {
            "subject": {"subject": state_value("Thanks!")},
            "body": {"body": state_value("Dear Acme Corp team, ...")},
        },
    )
    assert (await slack.post(submit)).status == 200
    await eventually(lambda: len(slack.fake.messages("DU1")) == 2)
    body = slash_command_body(
        "/rebound", "export", response_url=slack.fake.response_url("export"), user="U1"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.files)
    assert len(slack.fake.messages("DU1")) == 3, "nudge, marked-as-sent note, export file"

    await forget(slack)
    await eventually(lambda: slack.fake.messages("DU1") == [])
    assert slack.fake.files == {}, "the export (every note and company) is deleted from Slack"
    assert "Acme" not in shown({"blocks": slack.fake.messages("DU1")})


async def test_a_nudge_on_its_way_while_the_member_forgets_is_deleted_when_it_lands(
    slack: SlackHarness, engine: Engine
) -> None:
    await command(slack, "rejected", "Acme Corp")
    slack.fake.delay_next("chat.postMessage", 1.5)  # Slack is slow to take the nudge
    passing = asyncio.create_task(
        run_due_pass(slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=22))
    )
    await eventually(lambda: slack.fake.calls_to("chat.postMessage"))
    await forget(slack)  # answered while the nudge is still on its way
    await passing
    await eventually(lambda: slack.fake.messages("DU1") == [])
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.FollowUpRow)) == 0


async def test_forget_reads_every_history_page_and_keeps_what_it_found_if_one_fails(
    slack: SlackHarness,
) -> None:
    """Slack gives some apps 15 messages a page; a page that cannot be read must not cost the
    ones already found."""
    await nudge(slack)  # its reference is stored
    for count in (1, 2):  # files in the DM, which no stored reference points to
        body = slash_command_body(
            "/rebound", "export", response_url=slack.fake.response_url(f"x{count}"), user="U1"
        )
        assert (await slack.post(body)).status == 200
        await eventually(lambda: len(slack.fake.files) == count)  # noqa: B023
    await eventually(lambda: len(slack.fake.messages("DU1")) == 3)
    slack.fake.history_page_size = 1
    slack.fake.fail_next("conversations.history", status=500, error="internal_error", after=2)
    await forget(slack)
    await eventually(lambda: slack.fake.messages("DU1") == [])
    assert len(slack.fake.deleted_files) == 2, "both exports found on the pages read"
